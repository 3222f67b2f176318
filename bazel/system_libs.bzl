"""A repository rule that gives a C++ library its upstream Bazel labels.

pm_system_cc_repository(name, library, urls, sha256, strip_prefix) makes
@<name>//<package>:<target> resolve to the same-named target of the upstream
project (absl/status:statusor, :gtest_main, :benchmark, :re2, :cli11, :json),
either:
  * "system": a generated BUILD wrapping the installed headers (/usr/include) and
    libraries, with each target's link line asked of pkg-config, so no link list is
    maintained by hand. Abseil and RE2 are linked from their static archives
    (libabsl_*.a, libre2.a, which Debian's -dev packages ship) when present: Abseil
    promises no ABI stability and recommends static linking, and loading ~40 shared
    libabsl_*.so costs every pm command about 1.5 ms of dynamic loading at start-up
    (benchmarks/README.md); or
  * "archive": the pinned upstream release archive, whose own BUILD files are used
    (header-only CLI11 and nlohmann-json get a BUILD written here instead).
The mode follows PM_DEPS (system|archive) or, unset, whether pkg-config knows the
library. See repositories.bzl.
"""

# Upstream Abseil targets pm may use, by package, each with its pkg-config module.
# Debian ships one .pc per upstream target, named absl_<target> except where noted.
_ABSL_TARGETS = {
    "absl/algorithm": ["algorithm", "container:algorithm_container"],
    "absl/base": ["base", "core_headers", "config", "log_severity", "raw_logging_internal"],
    "absl/cleanup": ["cleanup"],
    "absl/container": [
        "btree",
        "fixed_array",
        "flat_hash_map",
        "flat_hash_set",
        "inlined_vector",
        "node_hash_map",
        "node_hash_set",
    ],
    "absl/debugging": ["failure_signal_handler", "stacktrace", "symbolize"],
    "absl/flags": [
        "flag:flags",
        "parse:flags_parse",
        "usage:flags_usage",
        "marshalling:flags_marshalling",
    ],
    "absl/functional": ["any_invocable", "bind_front", "function_ref"],
    "absl/hash": ["hash"],
    "absl/memory": ["memory"],
    "absl/meta": ["type_traits"],
    "absl/numeric": ["bits", "int128"],
    "absl/random": ["random:random_random", "distributions:random_distributions"],
    "absl/status": ["status", "statusor"],
    "absl/strings": ["strings", "str_format", "cord"],
    "absl/synchronization": ["synchronization"],
    "absl/time": ["time"],
    "absl/types": ["optional", "span", "variant"],
    "absl/utility": ["utility"],
}

def _pkg_config_libs(rctx, module):
    res = rctx.execute(["pkg-config", "--libs", module])
    if res.return_code != 0:
        fail("pkg-config --libs %s failed (is libabsl-dev installed? run tools/setup.sh): %s" %
             (module, res.stderr))
    return res.stdout.strip().split(" ")

def _static_libs(rctx, module, prefixes):
    """pkg-config's link line for `module`, with each -lNAME whose NAME starts with
    one of `prefixes` replaced by -l:libNAME.a when that archive is installed.

    pkg-config lists a module's whole dependency closure in link order, so each
    target's line resolves every symbol of its own archives, wherever the linker
    meets it on the command line.
    """
    libdir = rctx.execute(["pkg-config", "--variable=libdir", module]).stdout.strip()
    flags = []
    for flag in _pkg_config_libs(rctx, module):
        name = flag[2:] if flag.startswith("-l") else ""
        archive = "%s/lib%s.a" % (libdir, name)
        if name and [p for p in prefixes if name.startswith(p)] and rctx.path(archive).exists:
            flags.append("-l:lib%s.a" % name)
        else:
            flags.append(flag)
    return flags

def _system_library(name, linkopts, deps = []):
    return """cc_library(
    name = "{name}",
    linkopts = {linkopts},
    deps = {deps},
    visibility = ["//visibility:public"],
)
""".format(name = name, linkopts = repr(linkopts), deps = repr(deps))

_LOAD = 'load("@rules_cc//cc:defs.bzl", "cc_library")\n\n'

def _abseil(rctx):
    for pkg, targets in _ABSL_TARGETS.items():
        text = _LOAD
        for spec in targets:
            target, _, module = spec.partition(":")
            module = "absl_" + (module or target)
            text += _system_library(target, _static_libs(rctx, module, ["absl_"]))
        rctx.file(pkg + "/BUILD.bazel", text)

def _googletest(rctx):
    gtest = _pkg_config_libs(rctx, "gtest")
    gmock = _pkg_config_libs(rctx, "gmock")
    rctx.file("BUILD.bazel", _LOAD + "".join([
        _system_library("gtest", gmock + gtest),
        _system_library("gtest_main", _pkg_config_libs(rctx, "gmock_main") + gmock + gtest),
    ]))

def _benchmark(rctx):
    libs = _pkg_config_libs(rctx, "benchmark")
    rctx.file("BUILD.bazel", _LOAD + "".join([
        _system_library("benchmark", libs),
        # Debian ships libbenchmark_main.a without a .pc file.
        _system_library("benchmark_main", ["-lbenchmark_main"] + libs),
    ]))

def _re2(rctx):
    rctx.file("BUILD.bazel", _LOAD + _system_library("re2", _static_libs(rctx, "re2", ["re2", "absl_"])))

def _include_dir(rctx, module):
    # Why: pkg-config drops -I/usr/include from --cflags unless asked to keep it.
    res = rctx.execute(
        ["pkg-config", "--cflags-only-I", module],
        environment = {"PKG_CONFIG_ALLOW_SYSTEM_CFLAGS": "1"},
    )
    if res.return_code != 0:
        fail("pkg-config --cflags-only-I %s failed: %s" % (module, res.stderr))
    for flag in res.stdout.strip().split(" "):
        if flag.startswith("-I"):
            return flag[2:]
    return "/usr/include"

def _header_only_library(name, subdir):
    return """cc_library(
    name = "{name}",
    hdrs = glob(["include/{subdir}/**"]),
    includes = ["include"],
    visibility = ["//visibility:public"],
)
""".format(name = name, subdir = subdir)

def _header_only(rctx, module, name, subdir):
    # A header-only library: the installed include/<subdir> tree, linked into the
    # repository so its headers are declared inputs (rebuilds follow upgrades).
    rctx.symlink(_include_dir(rctx, module) + "/" + subdir, "include/" + subdir)
    rctx.file("BUILD.bazel", _LOAD + _header_only_library(name, subdir))

def _cli11(rctx):
    _header_only(rctx, "CLI11", "cli11", "CLI")

def _nlohmann_json(rctx):
    _header_only(rctx, "nlohmann_json", "json", "nlohmann")

# Archive mode for header-only libraries: upstream's archive has the same
# include/<subdir> layout; its own Bazel files (if any) are not used, so both modes
# give the same target.
def _cli11_archive(rctx):
    rctx.file("BUILD.bazel", _LOAD + _header_only_library("cli11", "CLI"))

def _nlohmann_json_archive(rctx):
    rctx.file("BUILD.bazel", _LOAD + _header_only_library("json", "nlohmann"))

_SYSTEM = {
    "abseil": struct(probe = "absl_base", write = _abseil),
    "googletest": struct(probe = "gtest", write = _googletest),
    "benchmark": struct(probe = "benchmark", write = _benchmark),
    "re2": struct(probe = "re2", write = _re2),
    "cli11": struct(
        probe = "CLI11",
        write = _cli11,
        write_archive = _cli11_archive,
    ),
    "nlohmann_json": struct(
        probe = "nlohmann_json",
        write = _nlohmann_json,
        write_archive = _nlohmann_json_archive,
    ),
}

def _impl(rctx):
    lib = _SYSTEM[rctx.attr.library]
    mode = rctx.os.environ.get("PM_DEPS", "")
    if mode not in ("", "system", "archive"):
        fail("PM_DEPS must be 'system' or 'archive', not '%s'" % mode)
    if not mode:
        found = rctx.execute(["pkg-config", "--exists", lib.probe]).return_code == 0
        mode = "system" if found else "archive"
    if mode == "archive":
        rctx.download_and_extract(
            url = rctx.attr.urls,
            sha256 = rctx.attr.sha256,
            stripPrefix = rctx.attr.strip_prefix,
        )
        write_archive = getattr(lib, "write_archive", None)
        if write_archive:
            write_archive(rctx)
        return
    rctx.file("WORKSPACE", 'workspace(name = "%s")\n' % rctx.name)
    lib.write(rctx)

pm_system_cc_repository = repository_rule(
    implementation = _impl,
    attrs = {
        "library": attr.string(mandatory = True, values = _SYSTEM.keys()),
        "urls": attr.string_list(),
        "sha256": attr.string(),
        "strip_prefix": attr.string(),
    },
    environ = ["PM_DEPS", "PKG_CONFIG_PATH"],
)
