"""`make bench` lives in the `bench` package now (`python -m bench`); kept so `python -m tests.bench` still works."""

from bench.__main__ import main

if __name__ == "__main__":
    main()
