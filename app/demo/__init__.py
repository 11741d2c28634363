"""Demo data: ``flask demo seed`` (the demo cities, accounts and content, in Italian) and the
``flask demo scale`` command. Nothing in the product imports this package: only the CLI
group of :mod:`app.cli` loads it, when a ``flask demo`` command runs.

:mod:`app.demo.seed` lists the steps in order; each feature's step is a module here, and the
Italian texts are data files in ``data/``.
"""
