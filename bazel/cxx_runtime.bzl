"""@pm_cxx_runtime: the C++ runtime's static archive, so //cli:pm can link it.

Why: starting a dynamically linked C++ program costs ~0.3 ms more than a program
with libstdc++ linked in (loading and relocating libstdc++.so and libgcc_s.so), a
sixth of what `pm who --first P` costs under load (benchmarks/README.md). gcc's
-static-libstdc++ cannot be used: Bazel's auto-configured toolchain links with gcc
and passes -lstdc++ itself, after every user flag. So this repository holds a
directory with only libstdc++.a in it; putting that directory first on the
library path (-L) makes the toolchain's own -lstdc++ pick the archive.

The repository defines:
  * //:libstdcxx_static: the archive (empty when the compiler has none), for
    additional_linker_inputs;
  * //:defs.bzl STATIC_CXX_LINKOPTS: the flags, empty when there is no archive.
Only //cli:pm uses it (see cli/BUILD.bazel); tests and benchmarks keep the shared
runtime because libbenchmark.so brings its own.
"""

def _impl(rctx):
    cc = rctx.which(rctx.os.environ.get("CC", "gcc"))
    archive = ""
    if cc:
        res = rctx.execute([cc, "-print-file-name=libstdc++.a"])
        path = res.stdout.strip()
        if res.return_code == 0 and path.startswith("/") and rctx.path(path).exists:
            archive = path
    rctx.file("WORKSPACE", 'workspace(name = "%s")\n' % rctx.name)
    if archive:
        rctx.symlink(archive, "lib/libstdc++.a")
        srcs = '["lib/libstdc++.a"]'
        linkopts = ["-Lexternal/%s/lib" % rctx.name, "-static-libgcc"]
    else:
        srcs = "[]"
        linkopts = []
    rctx.file("BUILD.bazel", """filegroup(
    name = "libstdcxx_static",
    srcs = {srcs},
    visibility = ["//visibility:public"],
)
""".format(srcs = srcs))
    rctx.file("defs.bzl", "STATIC_CXX_LINKOPTS = %s\n" % repr(linkopts))

pm_cxx_runtime_repository = repository_rule(
    implementation = _impl,
    environ = ["CC"],
    local = True,
)
