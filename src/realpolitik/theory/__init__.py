"""The field's formal models of the security dilemma, one module per model (MODELS.md 1-9).

Pure functions and small frozen dataclasses: no I/O, no global state, randomness only through
an explicit ``seed``/``rng`` argument. Names and arguments follow MODELS.md section 0.
"""
