"""The course's furniture: the manifest, generated parts, exercise self-checks, the deck, the lab.

May import any other part of ``helpers``; nothing else imports it, except notebooks and tests.
"""
