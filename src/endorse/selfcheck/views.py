from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from endorse.eligibility import PortfolioError, check_text
from endorse.presenters import present_result

from .forms import CheckForm, GuideForm
from .guide import guide as guide_fits


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "selfcheck/home.html")


def check(request: HttpRequest) -> HttpResponse:
    """The self-check: GET shows the form (or evaluates a chosen example), POST evaluates a file.

    Evaluation changes nothing, so a GET with `?sample=` may evaluate too: such links can be shared.
    """
    if request.method == "POST":
        form = CheckForm(request.POST, request.FILES)
    elif "sample" in request.GET:
        form = CheckForm(request.GET)
    else:
        form = CheckForm()
    context: dict[str, object] = {"form": form}
    if form.is_bound and form.is_valid():
        source, text = form.portfolio_source()
        try:
            result = check_text(
                text,
                policy=form.cleaned_data["policy"] or None,
                as_of=form.cleaned_data["as_of"],
                today=timezone.localdate(),
            )
        except PortfolioError as error:
            context["problems"] = error.problems
            context["source"] = source
        else:
            context["result"] = present_result(result)
            context["source"] = source
    status = 400 if form.is_bound and (form.errors or "problems" in context) else 200
    return render(request, "selfcheck/check.html", context, status=status)


def guide(request: HttpRequest) -> HttpResponse:
    """The category guide: what each category is for, and from a few answers which categories
    the person could aim for now. Nothing is stored; a GET with answers can be shared."""
    form = GuideForm(request.GET) if "degree" in request.GET else GuideForm()
    context: dict[str, object] = {"form": form}
    if form.is_bound and form.is_valid():
        fits = guide_fits(form.answers(), timezone.localdate())
        association = request.association  # type: ignore[attr-defined]
        context |= {
            "fits": fits,
            "association": association,
            # What this association offers (`Association.categories`) is marked.
            "offered": [fit.category for fit in fits if association.offers(fit.category)],
        }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "selfcheck/guide.html", context, status=status)
