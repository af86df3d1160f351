"""One module per exercise notebook, each exposing ``check(task, answer)``."""
