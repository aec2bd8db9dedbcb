"""Requirement 2, in-service training: relationship-based hours, and topic hours under 2024."""

from __future__ import annotations

from decimal import Decimal

from ..result import MET, NOT_MET, Excluded, Part, Requirement, exclude
from .context import AFTER_EVALUATION_DATE, BAND_MISMATCH, Context, hours_text

TITLE = "In-service training"

TOPIC_LABELS = {
    "imh": "infant mental health",
    "rsc_provision": "providing reflective supervision/consultation",
    "dei": "diversity, equity and inclusion",
}


def evaluate_training(ctx: Context) -> Requirement:
    policy = ctx.policy.training
    target = policy.by_kind[ctx.kind]
    as_of = ctx.as_of
    total = Decimal(0)
    by_topic = {topic: Decimal(0) for topic, _ in target.topic_hours}
    relationship_based_only = policy.relationship_based_only
    counted: list[str] = []
    excluded: list[Excluded] = []
    for index, training in enumerate(ctx.portfolio.trainings):
        entry = training.id if training.id is not None else f"trainings.{index}"
        if training.dated_on > as_of:
            excluded.append(exclude(entry, AFTER_EVALUATION_DATE))
        elif not ctx.matches_band(training.age_bands):
            excluded.append(exclude(entry, BAND_MISMATCH))
        elif relationship_based_only and not training.relationship_based:
            excluded.append(exclude(entry, "not relationship-based"))
        else:
            total += training.hours
            if by_topic:
                for topic in training.topics:
                    if topic in by_topic:
                        by_topic[topic] += training.hours
            counted.append(entry)

    need = target.total_hours
    labels = dict(TOPIC_LABELS)
    if ctx.category.band == "early_childhood":
        labels["imh"] = "infant and early childhood mental health"
    parts = [
        Part(
            id=topic,
            label=f"training on {labels.get(topic, topic)}",
            status=MET if by_topic[topic] >= topic_need else NOT_MET,
            have=by_topic[topic],
            need=topic_need,
            unit="hours",
        )
        for topic, topic_need in target.topic_hours
    ]
    missing = []
    if total < need:
        missing.append(f"{hours_text(need - total)} more hours of relationship-based training.")
    for part in parts:
        if part.status == NOT_MET:
            missing.append(f"{hours_text(part.need - part.have)} more hours of {part.label}.")
    status = NOT_MET if missing else MET
    summary = f"{hours_text(total)} of {hours_text(need)} hours of relationship-based training"
    if parts:
        topics = "; ".join(
            f"{hours_text(p.have)} of {hours_text(p.need)} on {labels.get(p.id, p.id)}"
            for p in parts
        )
        summary = f"{summary} ({topics})"
    return Requirement(
        id="training",
        title=TITLE,
        status=status,
        summary=summary,
        clause=ctx.clause("training", policy.clause_by_kind.get(ctx.kind, policy.clause)),
        have=total,
        need=need,
        unit="hours",
        counted=counted,
        excluded=excluded,
        missing=missing,
        parts=parts,
    )
