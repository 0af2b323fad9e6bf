"""Every command flintrock 2.1.0 runs on a node, traced, and checks that hold the course to them.

:data:`TRACE` lists each remote command of flintrock 2.1.0 (found by
:func:`helpers.cloud.flintrock_source.remote_commands` in its source, with the course's patch
applied), the programs it needs on the node, and what happens to it on Amazon Linux 2023. The
checks compare that table with the source and with what the course generates:

* :func:`trace_problems`: a command added, removed or changed in flintrock's source, a program a
  command needs that neither AL2023 nor the boot script provides, or a fact the course relies on
  (Java skipped when present, user data passed to EC2) that no longer holds;
* :func:`config_problems`: a key of the generated configuration that flintrock's ``launch`` would
  silently ignore (click's default map drops unknown keys), or a required option missing;
* :func:`download_urls`: the Spark and Hadoop URLs computed by flintrock's own functions.

An empty list means flintrock and the course still agree. Example::

    >>> trace_problems(source, plan)   # doctest: +SKIP
    []
"""

from __future__ import annotations

import ast
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from helpers.cloud.flintrock import boot_script
from helpers.cloud.flintrock_source import FlintrockSource, remote_commands
from helpers.cloud.plan import ClusterPlan

RUNS = "runs as is"
BOOT = "needs the boot script"
PATCHED = "runs with the course's patch"
SKIPPED = "not reached with the course's configuration"

# Programs the Amazon Linux 2023 standard AMI has (flintrock's helpers also need a `python`, Java,
# tar and gzip: the boot script brings those). `aws` is AWS CLI v2, preinstalled on that AMI.
AL2023_PROGRAMS = frozenset({
    "cat", "chmod", "rm", "mkdir", "find", "basename", "ln", "sudo", "yum", "mv", "sleep", "curl",
    "lsblk", "umount", "mkfs.ext4", "mount", "grep", "tee", "chown", "logname", "nproc", "aws", "ssh",
})


@dataclass(frozen=True)
class Traced:
    """One remote command: where it is, its digest, the programs it names (``needs``), the variables
    it needs from ``/etc/environment`` (``env``), and its fate on AL2023."""

    where: str
    digest: str
    needs: tuple[str, ...]
    status: str
    note: str
    env: tuple[str, ...] = ()


def _t(where: str, digest: str, needs: str, status: str, note: str, env: str = "") -> Traced:
    return Traced(where, digest, tuple(needs.split()), status, note, tuple(env.split()))


CORE, SERVICES = "flintrock/core.py:", "flintrock/services.py:"
STORAGE, DOWNLOAD = "flintrock/scripts/setup-ephemeral-storage.py:", "flintrock/scripts/download-package.py:"
TRACE: tuple[Traced, ...] = (
    _t(CORE + "FlintrockCluster.load_manifest", "c9d32eef2d16", "cat", RUNS,
       "reads the manifest on the master"),
    _t(CORE + "FlintrockCluster.load_manifest", "ebc3da099c3f", "", RUNS,
       "lists /media/ephemeral* (none on m5/m6i/m7i)"),
    _t(CORE + "get_installed_java_version", "bb1e659438e3", "java", BOOT,
       "$JAVA_HOME/bin/java -version: JAVA_HOME comes from /etc/environment, written by the boot script",
       env="JAVA_HOME"),
    _t(CORE + "get_installed_java_version", "9fdeedf03ef3", "java", BOOT,
       "Corretto from the boot script answers"),
    _t(CORE + "ensure_java", "386ecee5cf20", "yum", SKIPPED,
       "temurin from Adoptium: skipped because java -version already reports the configured version"),
    _t(CORE + "install_adoptium_repo", "9f3c60fc5ca7", "mv", SKIPPED,
       "the Adoptium repo (keyed on $releasever, not published for AL2023): skipped with the Java step"),
    _t(CORE + "setup_node", "961ef447cc40", "chmod", RUNS, "installs the cluster's own SSH key pair"),
    _t(CORE + "setup_node", "026a92c20025", "python rm", BOOT,
       "AL2023 has no `python`: the boot script links /usr/local/bin/python to the nodes' Python"),
    _t(CORE + "setup_node", "65682018cd59", "sudo yum", RUNS,
       "installs python3 (AL2023's 3.9, already there); PySpark uses the boot script's python3.X instead"),
    _t(CORE + "provision_cluster", "64c622f9aa8b", "chmod", RUNS, "writes the manifest on the master"),
    _t(CORE + "start_node", "d994da1b635e", "sudo chown", RUNS, "only with ephemeral volumes"),
    _t(CORE + "run_command_node", "bd5406124bd0", "", RUNS, "the course's own run-command steps"),
    _t(CORE + "copy_file_node", "f0de236ea946", "", RUNS, "checks the target folder of copy-file"),
    _t(SERVICES + "HDFS.install", "769414aae270", "python find sudo ln", BOOT,
       "downloads Hadoop with download-package.py (needs `python`), links its commands into /usr/local/bin"),
    _t(SERVICES + "HDFS.configure", "5819f74d0ff0", "mkdir", RUNS, "creates hadoop/conf"),
    _t(SERVICES + "HDFS.configure", "4adbf08b8eb5", "", RUNS, "writes Hadoop's configuration files"),
    _t(SERVICES + "HDFS.configure_master", "4ca8d6243b51", "", BOOT,
       "formats the NameNode: Hadoop needs JAVA_HOME, which the boot script writes to /etc/environment",
       env="JAVA_HOME"),
    _t(SERVICES + "HDFS.configure_master", "a079722bc2f2", "curl sleep", BOOT,
       "starts HDFS (JAVA_HOME from /etc/environment) and waits for the NameNode UI", env="JAVA_HOME"),
    _t(SERVICES + "Spark.install", "a2d565212a4b", "find sudo ln", RUNS,
       "links Spark's commands into /usr/local/bin, writes SPARK_HOME to .bashrc"),
    _t(SERVICES + "Spark.install", "f264a41ad85c", "python", BOOT,
       "downloads Spark with download-package.py"),
    _t(SERVICES + "Spark.install", "50c70c551e94", "yum", SKIPPED,
       "building Spark from git: the course installs a release"),
    _t(SERVICES + "Spark.install", "802d4c84317f", "git", SKIPPED,
       "building Spark from git: the course installs a release"),
    _t(SERVICES + "Spark.configure", "965151941b40", "mkdir", RUNS, "creates spark/conf"),
    _t(SERVICES + "Spark.configure", "4adbf08b8eb5", "", RUNS,
       "writes spark-env.sh (patched) and the workers list"),
    _t(SERVICES + "Spark.configure_master", "31536b9e1377", "curl sleep", RUNS,
       "starts the master and workers, waits for the master UI"),
    _t(STORAGE + "get_non_root_block_devices", "fdfed76a92b8", "lsblk", RUNS, "finds instance-store volumes"),
    _t(STORAGE + "unmount_devices", "d2db2336b696", "sudo umount", RUNS, "only with instance-store volumes"),
    _t(STORAGE + "format_devices", "f332eaaa40ef", "sudo mkfs.ext4", RUNS,
       "only with instance-store volumes"),
    _t(STORAGE + "mount_devices", "49c0ca7c90b8", "sudo mkdir", RUNS, "only with instance-store volumes"),
    _t(STORAGE + "mount_devices", "63f612a07c30", "grep sudo tee", RUNS, "only with instance-store volumes"),
    _t(STORAGE + "mount_devices", "4f54d3c7f7dc", "sudo tee", RUNS, "only with instance-store volumes"),
    _t(STORAGE + "mount_devices", "ab371c910764", "sudo mount", RUNS, "only with instance-store volumes"),
    _t(STORAGE + "mount_devices", "497621a8b9ca", "sudo chown logname", RUNS,
       "only with instance-store volumes"),
    _t(STORAGE + "create_root_dir", "49c0ca7c90b8", "sudo mkdir", RUNS, "creates /media/root"),
    _t(STORAGE + "create_root_dir", "0b1a42f872a0", "sudo chown logname", RUNS,
       "hands /media/root to ec2-user"),
    _t(STORAGE + "create_tmp_dir", "986a1b7cec5e", "sudo ln", RUNS, "links /media/tmp"),
    _t(STORAGE + "create_tmp_dir", "0b1a42f872a0", "sudo chown logname", RUNS,
       "hands /media/tmp to ec2-user"),
    _t(DOWNLOAD + "__main__", "009f93d10c59", "curl", RUNS,
       "downloads from the archive (http/https sources)"),
    _t(DOWNLOAD + "__main__", "34467207c246", "aws", RUNS,
       "s3:// sources only: needs an instance profile that can read the bucket (the plan requires one)"),
    _t(DOWNLOAD + "__main__", "77a08b3a0d98", "gzip", BOOT,
       "checks the download (the boot script installs gzip)"),
    _t(DOWNLOAD + "__main__", "060885e2b662", "tar", BOOT, "unpacks it (the boot script installs tar)"),
    _t(DOWNLOAD + "__main__", "a26fafde4735", "rm", RUNS, "removes the download"),
    _t("flintrock/templates/spark/conf/spark-env.sh", "56761fc3eaa3", "curl nproc", PATCHED,
       "sourced by every Spark command: IMDSv2 token for the public host name, PYSPARK_PYTHON from "
       "/etc/environment", env="PYSPARK_PYTHON"),
    _t("flintrock/templates/hadoop/conf/hadoop-env.sh", "abf977dcd5c9", "", RUNS, "sets HADOOP_HOME"),
)

# Facts in flintrock's source that the course's approach relies on: (file, pattern, why).
FACTS = (
    ("flintrock/core.py",
     r"if installed_java_version == java_version:\s*\n\s*logger\.info\(.*\)\s*\n\s*return\b",
     "flintrock skips its Java install when `java -version` reports the configured major version"),
    ("flintrock/core.py", r'sudo sh -c "echo export JAVA_HOME=',
     "flintrock's own Java step writes JAVA_HOME to /etc/environment (the boot script does the same)"),
    ("flintrock/ec2.py", r"'UserData': user_data,",
     "flintrock passes the ec2-user-data file to EC2 as the instances' user data"),
    ("flintrock/services.py", r"ssh_check_output\(\s*client=ssh_client,\s*command=\"mkdir -p spark/conf\"",
     "flintrock writes spark-env.sh from its (patched) template on every node"),
)
_PACKAGE_PROGRAMS = {"tar": "tar", "gzip": "gzip"}


def boot_provides(script: str) -> set[str]:
    """The programs a boot script installs or links (read from its dnf and ln lines)."""
    provided = set()
    for packages in re.findall(r"dnf install -y -q ([^\n]+)", script):
        for package in packages.split():
            if re.fullmatch(r"python3\.\d+", package):
                provided.add(package)
            elif re.fullmatch(r"java-\d+-amazon-corretto(-headless)?", package):
                provided.add("java")
            elif package in _PACKAGE_PROGRAMS:
                provided.add(_PACKAGE_PROGRAMS[package])
    provided.update(re.findall(r"ln -sfn \S+ /usr/local/bin/(\S+)", script))
    return provided


def boot_environment(script: str) -> set[str]:
    """The variables a boot script writes to ``/etc/environment`` (read by every SSH session)."""
    return set(re.findall(r'echo "(\w+)=[^"]*" >> /etc/environment', script))


def trace_problems(source: FlintrockSource, plan: ClusterPlan, script: str | None = None) -> list[str]:
    """What no longer agrees between flintrock's (patched) source, :data:`TRACE` and the boot script.

    ``script`` is the boot script to hold against the source (default: :func:`boot_script` of ``plan``).
    """
    problems = []
    found = {(c.where, c.digest): c for c in remote_commands(source)}
    traced = {(t.where, t.digest): t for t in TRACE}
    for where, digest in sorted(found.keys() - traced.keys()):
        first = found[where, digest].text.strip().splitlines()[0]
        problems.append(f"flintrock runs a command the course has not traced: {where} [{digest}] {first!r}; "
                        "read it, check it on Amazon Linux 2023, and add it to TRACE")
    for where, digest in sorted(traced.keys() - found.keys()):
        problems.append(f"the traced command {where} [{digest}] is no longer in flintrock's source: "
                        "re-trace it")
    script = boot_script(plan) if script is None else script
    provided, environment = AL2023_PROGRAMS | boot_provides(script), boot_environment(script)
    for key in sorted(found.keys() & traced.keys()):
        entry, text = traced[key], found[key].text
        for need in entry.needs:
            if need not in text:
                problems.append(f"{entry.where}: TRACE says it needs {need!r}, not in its text")
            elif entry.status != SKIPPED and need not in provided:
                problems.append(f"{entry.where} needs {need!r}: neither AL2023 nor the boot script has it")
        problems += [f"{entry.where} needs {name} in /etc/environment, which the boot script does not write"
                     for name in entry.env if entry.status != SKIPPED and name not in environment]
    for relative, pattern, why in FACTS:
        if not re.search(pattern, source.read(relative)):
            problems.append(f"{relative} no longer shows that {why}")
    return problems


def _launch_options(tree: ast.Module) -> tuple[set[str], list[str]]:
    """The parameter names of flintrock's ``launch`` command, and the options EC2 requires."""
    launch = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "launch")
    names = set()
    for decorator in launch.decorator_list:
        if isinstance(decorator, ast.Call) and getattr(decorator.func, "attr", "") == "option":
            declared = [a.value for a in decorator.args if isinstance(a, ast.Constant)]
            plain = [d for d in declared if not d.startswith("-")]
            flag = max((d for d in declared if d.startswith("--")), key=len)
            names.add(plain[0] if plain else flag.split("/")[0].removeprefix("--").replace("-", "_"))
    required: list[str] = []
    for call in ast.walk(launch):
        keywords = {k.arg: k.value for k in getattr(call, "keywords", [])}
        if getattr(getattr(call, "func", None), "id", "") == "option_requires" and \
                getattr(keywords.get("conditional_value"), "value", None) == "ec2":
            required = [e.value for e in keywords["requires_all"].elts]
    return names, required


def _as_click_names(config: dict[str, Any]) -> Iterable[tuple[str, str]]:
    """(config key, click parameter name) pairs, mapped as flintrock's ``config_to_click`` maps them."""
    for service, settings in config.get("services", {}).items():
        for key in settings:
            yield f"services.{service}.{key}", f"{service}_{key}".replace("-", "_")
    for key in config.get("providers", {}).get("ec2", {}):
        yield f"providers.ec2.{key}", f"ec2_{key}".replace("-", "_")
    for key in config.get("launch", {}):
        yield f"launch.{key}", key.replace("-", "_")


def config_problems(source: FlintrockSource, config: dict[str, Any]) -> list[str]:
    """Keys of ``config`` that flintrock's ``launch`` would ignore, and required options it lacks."""
    import yaml

    template = yaml.safe_load(source.read("flintrock/config.yaml.template"))
    problems = [f"top-level key {key!r} is not one of flintrock's ({', '.join(template)})"
                for key in config if key not in template]
    names, required = _launch_options(ast.parse(source.read("flintrock/flintrock.py")))
    given = dict(_as_click_names(config))
    problems += [f"{key} maps to --{name.replace('_', '-')}, which `flintrock launch` does not have "
                 "(click would ignore it silently)" for key, name in given.items() if name not in names]
    problems += [f"flintrock requires {option} and the configuration does not set it"
                 for option in required if option.removeprefix("--").replace("-", "_") not in given.values()]
    return problems


class _Context:
    def __init__(self, params: dict[str, Any]):
        self.params = params


def download_urls(source: FlintrockSource, config: dict[str, Any]) -> tuple[str, str]:
    """The Spark and Hadoop URLs that flintrock's own functions build from ``config``.

    Runs ``build_spark_download_url`` and ``build_hdfs_download_url`` from flintrock.py (pure
    functions of the options) and ``spark_hadoop_build_version`` from util.py, nothing else.
    """
    namespace: dict[str, Any] = {"logger": logging.getLogger("flintrock-source")}
    exec(compile(source.read("flintrock/util.py"), "flintrock/util.py", "exec"), namespace)
    tree = ast.parse(source.read("flintrock/flintrock.py"))
    wanted = [n for n in tree.body if isinstance(n, ast.FunctionDef)
              and n.name in ("build_spark_download_url", "build_hdfs_download_url")]
    exec(compile(ast.Module(body=wanted, type_ignores=[]), "flintrock/flintrock.py", "exec"), namespace)
    spark, hdfs = config["services"]["spark"], config["services"]["hdfs"]
    context = _Context({"spark_version": spark["version"], "hdfs_version": hdfs["version"]})
    return (namespace["build_spark_download_url"](context, None, spark["download-source"]),
            namespace["build_hdfs_download_url"](context, None, hdfs["download-source"]))
