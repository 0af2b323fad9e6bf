"""The course's furniture: the manifest, the parts generated from it, the exercises' self-checks.

May import any other part of ``helpers``; nothing else imports it, except notebooks and tests.
"""
