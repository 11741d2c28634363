"""The benchmark suite (``bench/run.py``) and the synthetic volume it builds (``bench/scale``)."""
