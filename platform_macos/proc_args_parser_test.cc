// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Tests for ParseProcArgs2 on hand-built KERN_PROCARGS2 buffers.

#include "platform_macos/proc_args_parser.h"

#include <cstdint>
#include <cstring>
#include <string>

#include "absl/status/status.h"
#include "gtest/gtest.h"

namespace pm::macos {
namespace {

// argc in host order, as the kernel writes it, then `rest`.
std::string Buffer(int32_t argc, absl::string_view rest) {
  std::string out(sizeof(argc), '\0');
  std::memcpy(out.data(), &argc, sizeof(argc));
  out.append(rest.data(), rest.size());
  return out;
}

using std::string_literals::operator""s;

TEST(ParseProcArgs2Test, ExecPathPaddingArgvAndEnvironment) {
  absl::StatusOr<ProcArgs> args = ParseProcArgs2(Buffer(
      3, "/usr/bin/python3\0\0\0\0python3\0-m\0http.server\0HOME=/Users/a\0"s));
  ASSERT_TRUE(args.ok()) << args.status();
  EXPECT_EQ(args->exec_path, "/usr/bin/python3");
  EXPECT_EQ(args->argv,
            (std::vector<std::string>{"python3", "-m", "http.server"}));
}

TEST(ParseProcArgs2Test, EmptyArgumentInTheMiddleIsKept) {
  absl::StatusOr<ProcArgs> args =
      ParseProcArgs2(Buffer(3, "/bin/echo\0echo\0\0x\0"s));
  ASSERT_TRUE(args.ok()) << args.status();
  EXPECT_EQ(args->argv, (std::vector<std::string>{"echo", "", "x"}));
}

TEST(ParseProcArgs2Test, ZeroArgc) {
  absl::StatusOr<ProcArgs> args = ParseProcArgs2(Buffer(0, "/sbin/launchd\0"s));
  ASSERT_TRUE(args.ok()) << args.status();
  EXPECT_EQ(args->exec_path, "/sbin/launchd");
  EXPECT_TRUE(args->argv.empty());
}

TEST(ParseProcArgs2Test, TruncatedArgumentAreaGivesWhatIsThere) {
  absl::StatusOr<ProcArgs> args = ParseProcArgs2(Buffer(4,
                                                        "/bin/sleep\0sleep\0"
                                                        "100"s));
  ASSERT_TRUE(args.ok()) << args.status();
  EXPECT_EQ(args->argv, (std::vector<std::string>{"sleep", "100"}));
}

TEST(ParseProcArgs2Test, RejectsMalformedBuffers) {
  EXPECT_EQ(ParseProcArgs2("ab").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseProcArgs2(Buffer(-1, "/bin/x\0"s)).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseProcArgs2(Buffer(1, "/bin/no-terminator")).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseProcArgs2(Buffer(1, "")).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace pm::macos
