"""The Code of Ethics and Endorsement Agreement an applicant signs, by version.

The association replaces this text with its own; the version signed is stored with each
signature, so a later text never changes what someone agreed to.
"""

CURRENT_VERSION = "2024"

AGREEMENTS: dict[str, tuple[str, ...]] = {
    "2024": (
        "I will practise within the bounds of my training, licence and the law, and put the "
        "well-being of infants, young children and their families first.",
        "I will respect the confidentiality of the families I serve and of the colleagues I supervise, "
        "except where the law or their safety requires otherwise.",
        "I will engage in reflective supervision or consultation and continuing relationship-based "
        "training, and keep the records the Endorsement® program asks for.",
        "I confirm that what I submit in this application is true and complete, and I will tell the "
        "association of any licensing-board sanction.",
        "I understand that the Endorsement® may be revoked if this agreement is broken.",
    ),
}
