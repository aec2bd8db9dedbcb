"""endorse: runs an infant mental health association's Endorsement® program."""

__version__ = "0.1.0"
