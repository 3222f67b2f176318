"""pm's external dependencies, under their upstream canonical repository names.

Each dependency is resolved one of two ways:
  * "system": from the distribution's installed packages (Debian's bazel-* rules and
    -dev libraries; link lines come from pkg-config). This is the path tested here.
  * "archive": the pinned upstream release archive (URL + sha256), for machines with
    internet access and no system packages (macOS, Windows CI). Not tested here.

The mode is picked per repository: PM_DEPS=system or PM_DEPS=archive in the
environment forces one; otherwise "system" when the Debian files exist, else "archive".

Call pm_dependencies() from WORKSPACE.bazel. A downstream workspace that already
declares @com_google_absl (or any other name below) keeps its own: every repository
is declared only if no rule of that name exists yet.
"""

load(":cxx_runtime.bzl", "pm_cxx_runtime_repository")
load(":system_libs.bzl", "pm_system_cc_repository")

_DEBIAN_RULES_CC = "/usr/share/bazel/rules/cc"
_DEBIAN_PLATFORMS = "/usr/share/bazel/platforms"
_DEBIAN_RULES_JAVA = "/usr/share/bazel/rules/java"

def _mode(rctx, debian_path):
    forced = rctx.os.environ.get("PM_DEPS", "")
    if forced in ("system", "archive"):
        return forced
    if forced:
        fail("PM_DEPS must be 'system' or 'archive', not '%s'" % forced)
    return "system" if rctx.path(debian_path).exists else "archive"

def _download(rctx):
    rctx.download_and_extract(
        url = rctx.attr.urls,
        sha256 = rctx.attr.sha256,
        stripPrefix = rctx.attr.strip_prefix,
    )

def _copy_tree(rctx, src):
    # Why: symlinking the Debian tree would let Bazel see its WORKSPACE and
    # MODULE.bazel files; a copy lets us patch files in place (see rules_cc below).
    res = rctx.execute(["cp", "-R", "--no-preserve=mode", src + "/.", "."])
    if res.return_code != 0:
        fail("copying %s failed: %s" % (src, res.stderr))

def _debian_rules_cc_impl(rctx):
    if _mode(rctx, _DEBIAN_RULES_CC) == "archive":
        _download(rctx)
        return
    _copy_tree(rctx, _DEBIAN_RULES_CC)

    # Why: Debian's rules_cc 0.0.4 loads use_cpp_toolchain from
    # @bazel_tools//tools/cpp:toolchain_utils.bzl, which Bazel 4.2.3 lacks
    # (see shared/BAZEL_OFFLINE.md, pitfall 1). Replace it by its 4.2.3 meaning.
    for f in [
        "cc/private/rules_impl/compiler_flag.bzl",
        "cc/private/rules_impl/cc_flags_supplier.bzl",
    ]:
        p = rctx.path(f)
        if not p.exists:
            continue
        text = rctx.read(p)
        text = text.replace(', "use_cpp_toolchain")', ")")
        text = text.replace(
            "use_cpp_toolchain()",
            '["@bazel_tools//tools/cpp:toolchain_type"]',
        )
        rctx.file(p, text, executable = False)

_ARCHIVE_ATTRS = {
    "urls": attr.string_list(),
    "sha256": attr.string(),
    "strip_prefix": attr.string(),
}

pm_rules_cc_repository = repository_rule(
    implementation = _debian_rules_cc_impl,
    attrs = _ARCHIVE_ATTRS,
    environ = ["PM_DEPS"],
)

def _debian_tree_impl(rctx):
    if _mode(rctx, rctx.attr.debian_path) == "archive":
        _download(rctx)
        return
    _copy_tree(rctx, rctx.attr.debian_path)

pm_debian_tree_repository = repository_rule(
    implementation = _debian_tree_impl,
    attrs = dict(_ARCHIVE_ATTRS, debian_path = attr.string(mandatory = True)),
    environ = ["PM_DEPS"],
)

def _coverage_tools_impl(rctx):
    # Why: `bazel test` on 4.2.3 fetches @remote_coverage_tools even without
    # --collect_code_coverage (shared/BAZEL_OFFLINE.md, pitfall 3). pm does not
    # collect coverage through Bazel, so the two targets it asks for are empty.
    rctx.file("WORKSPACE", 'workspace(name = "remote_coverage_tools")\n')
    rctx.file("BUILD", "\n".join([
        'package(default_visibility = ["//visibility:public"])',
        'filegroup(name = "coverage_report_generator", srcs = [])',
        'filegroup(name = "lcov_merger", srcs = [])',
        "",
    ]))

_pm_coverage_tools_repository = repository_rule(implementation = _coverage_tools_impl)

def _maybe(rule, name, **kwargs):
    if not native.existing_rule(name):
        rule(name = name, **kwargs)

def pm_dependencies():
    """Declares every repository pm needs that the workspace has not declared."""
    _maybe(
        pm_rules_cc_repository,
        name = "rules_cc",
        urls = ["https://github.com/bazelbuild/rules_cc/releases/download/0.0.9/rules_cc-0.0.9.tar.gz"],
        sha256 = "2037875b9a4456dce4a79d112a8ae885bbc4aad968e6587dca6e64f3a0900cdf",
        strip_prefix = "rules_cc-0.0.9",
    )
    _maybe(
        pm_debian_tree_repository,
        name = "platforms",
        debian_path = _DEBIAN_PLATFORMS,
        urls = ["https://github.com/bazelbuild/platforms/releases/download/0.0.6/platforms-0.0.6.tar.gz"],
        sha256 = "5308fc1d8865406a49427ba24a9ab53087f17f5266a7aabbfc28823f3916e1ca",
    )

    # Only Debian's Bazel (which reports its version as "no_version") needs these:
    # 4.2.3 resolves Java toolchains even for C++ builds and would otherwise download
    # rules_java (pitfall 2), and `bazel test` fetches coverage tools (pitfall 3).
    # An upstream Bazel brings its own defaults for both.
    if native.bazel_version in ("", "no_version"):
        _maybe(
            native.local_repository,
            name = "rules_java",
            path = _DEBIAN_RULES_JAVA,
        )
        _maybe(_pm_coverage_tools_repository, name = "remote_coverage_tools")

    _maybe(pm_cxx_runtime_repository, name = "pm_cxx_runtime")
    _maybe(
        pm_system_cc_repository,
        name = "com_google_absl",
        library = "abseil",
        urls = ["https://github.com/abseil/abseil-cpp/archive/refs/tags/20220623.1.tar.gz"],
        sha256 = "91ac87d30cc6d79f9ab974c51874a704de9c2647c40f6932597329a282217ba8",
        strip_prefix = "abseil-cpp-20220623.1",
    )
    _maybe(
        pm_system_cc_repository,
        name = "com_google_googletest",
        library = "googletest",
        urls = ["https://github.com/google/googletest/archive/refs/tags/release-1.12.1.tar.gz"],
        sha256 = "81964fe578e9bd7c94dfdb09c8e4d6e6759e19967e397dbea48d1c10e45d0df2",
        strip_prefix = "googletest-release-1.12.1",
    )
    _maybe(
        pm_system_cc_repository,
        name = "com_github_google_benchmark",
        library = "benchmark",
        urls = ["https://github.com/google/benchmark/archive/refs/tags/v1.7.1.tar.gz"],
        sha256 = "6430e4092653380d9dc4ccb45a1e2dc9259d581f4866dc0759713126056bc1d7",
        strip_prefix = "benchmark-1.7.1",
    )
    _maybe(
        pm_system_cc_repository,
        name = "com_googlesource_code_re2",
        library = "re2",
        urls = ["https://github.com/google/re2/archive/refs/tags/2022-06-01.tar.gz"],
        sha256 = "f89c61410a072e5cbcf8c27e3a778da7d6fd2f2b5b1445cd4f4508bee946ab0f",
        strip_prefix = "re2-2022-06-01",
    )
    _maybe(
        pm_system_cc_repository,
        name = "com_github_cliutils_cli11",
        library = "cli11",
        urls = ["https://github.com/CLIUtils/CLI11/archive/refs/tags/v2.1.2.tar.gz"],
        sha256 = "26291377e892ba0e5b4972cdfd4a2ab3bf53af8dac1f4ea8fe0d1376b625c8cb",
        strip_prefix = "CLI11-2.1.2",
    )
    _maybe(
        pm_system_cc_repository,
        name = "com_github_nlohmann_json",
        library = "nlohmann_json",
        urls = ["https://github.com/nlohmann/json/archive/refs/tags/v3.11.2.tar.gz"],
        sha256 = "d69f9deb6a75e2580465c6c4c5111b89c4dc2fa94e3a85fcd2ffcd9a143d9273",
        strip_prefix = "json-3.11.2",
    )
