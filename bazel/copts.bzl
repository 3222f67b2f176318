"""Compiler options shared by every pm cc_* target.

PM_DEFAULT_COPTS: warnings for product code; PM_TEST_COPTS: the same for tests.
Keyed on the compiler so MSVC (Windows CI) gets its own spelling.
"""

_GCC_CLANG_WARNINGS = [
    "-Wall",
    "-Wextra",
    "-Wshadow",
    "-Wnon-virtual-dtor",
    "-Wno-unused-parameter",
]

_MSVC_WARNINGS = ["/W4", "/wd4100"]

PM_DEFAULT_COPTS = select({
    "//bazel:msvc_compiler": _MSVC_WARNINGS,
    "//conditions:default": _GCC_CLANG_WARNINGS,
})

PM_TEST_COPTS = PM_DEFAULT_COPTS
