"""The course's furniture: the manifest, the parts generated from it, exercise checks, the instructor's deck.

May import any other part of ``helpers``; nothing else imports it, except notebooks and tests.
"""
