// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Tests for the /proc/<pid>/* text parsers, on inline literal text.

#include "platform_linux/proc_stat_parser.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace pm::procfs {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// A real line (kernel 6.18, python3 listening on a port), 52 fields.
constexpr absl::string_view kPythonStat =
    "4242 (python3) S 4100 4242 4100 34816 4242 4194560 1402 0 0 0 9 3 0 0 20 "
    "0 1 0 981234 24461312 2412 18446744073709551615 94505623691264 "
    "94505626428397 140723453139584 0 0 0 0 16781312 2 1 0 0 17 1 0 0 0 0 0 "
    "94505627161936 94505627593400 94505655324672 140723453144213 "
    "140723453144250 140723453144250 140723453145063 0\n";

TEST(ParseProcStatTest, ParsesRealLine) {
  absl::StatusOr<ProcStat> stat = ParseProcStat(kPythonStat);
  ASSERT_TRUE(stat.ok()) << stat.status();
  EXPECT_EQ(stat->pid, 4242);
  EXPECT_EQ(stat->comm, "python3");
  EXPECT_EQ(stat->state, 'S');
  EXPECT_EQ(stat->ppid, 4100);
  EXPECT_EQ(stat->start_ticks, 981234u);
}

TEST(ParseProcStatTest, CommWithSpacesAndParentheses) {
  absl::StatusOr<ProcStat> stat = ParseProcStat(
      "77 (my (weird) name) R 1 77 77 0 -1 4194304 0 0 0 0 0 0 0 0 20 0 1 0 "
      "555 0 0 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n");
  ASSERT_TRUE(stat.ok()) << stat.status();
  EXPECT_EQ(stat->pid, 77);
  EXPECT_EQ(stat->comm, "my (weird) name");
  EXPECT_EQ(stat->state, 'R');
  EXPECT_EQ(stat->ppid, 1);
  EXPECT_EQ(stat->start_ticks, 555u);
}

TEST(ParseProcStatTest, CommEndingInCloseParenAndSpaceLooksLikeFields) {
  // A comm of ") S 9 9 9" must not be mistaken for the state and ppid.
  absl::StatusOr<ProcStat> stat = ParseProcStat(
      "5 () S 9 9 9) Z 3 5 5 0 -1 4194308 0 0 0 0 0 0 0 0 20 0 1 "
      "0 12 0 0 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17");
  ASSERT_TRUE(stat.ok()) << stat.status();
  EXPECT_EQ(stat->comm, ") S 9 9 9");
  EXPECT_EQ(stat->state, 'Z');
  EXPECT_EQ(stat->ppid, 3);
  EXPECT_EQ(stat->start_ticks, 12u);
}

TEST(ParseProcStatTest, KernelThreadWithPpidZeroAndEmptyComm) {
  absl::StatusOr<ProcStat> stat = ParseProcStat(
      "2 () S 0 0 0 0 -1 2129984 0 0 0 0 0 0 0 0 20 0 1 0 8 0 0 "
      "18446744073709551615 0 0 0 0 0 0 0 2147483647 0 1 0 0 0 0 0 0\n");
  ASSERT_TRUE(stat.ok()) << stat.status();
  EXPECT_EQ(stat->comm, "");
  EXPECT_EQ(stat->ppid, 0);
  EXPECT_EQ(stat->start_ticks, 8u);
  EXPECT_EQ(stat->flags, 2129984u);  // 0x208040: PF_KTHREAD among others.
  EXPECT_TRUE(IsKernelThread(*stat));
}

TEST(ParseProcStatTest, FlagsTellKernelThreadsFromUserProcesses) {
  // A user process: 4194560 = 0x400100 (PF_RANDOMIZE | PF_FORKNOEXEC).
  absl::StatusOr<ProcStat> user = ParseProcStat(
      "4242 (python3) S 4100 4242 4100 34816 4242 4194560 1402 0 0 0 9 3 0 0 "
      "20 0 1 0 981234");
  ASSERT_TRUE(user.ok()) << user.status();
  EXPECT_EQ(user->flags, 4194560u);
  EXPECT_FALSE(IsKernelThread(*user));
  // ksoftirqd/0: 69238848 = 0x4208040.
  absl::StatusOr<ProcStat> kernel = ParseProcStat(
      "14 (ksoftirqd/0) S 2 0 0 0 -1 69238848 0 0 0 0 4 0 0 0 20 0 1 0 8");
  ASSERT_TRUE(kernel.ok()) << kernel.status();
  EXPECT_TRUE(IsKernelThread(*kernel));
  // The largest value a 32-bit flags word can hold still parses.
  absl::StatusOr<ProcStat> max =
      ParseProcStat("5 (x) S 1 1 1 0 -1 4294967295 0 0 0 0 0 0 0 0 20 0 1 0 5");
  ASSERT_TRUE(max.ok()) << max.status();
  EXPECT_EQ(max->flags, 4294967295u);
}

TEST(ParseProcStatTest, MaximalStartTime) {
  absl::StatusOr<ProcStat> stat = ParseProcStat(
      "3 (x) S 1 0 0 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 18446744073709551615");
  ASSERT_TRUE(stat.ok()) << stat.status();
  EXPECT_EQ(stat->start_ticks, 18446744073709551615u);
}

TEST(ParseProcStatTest, RejectsTruncatedAndGarbledText) {
  const std::vector<std::string> bad = {
      "",
      "4242",
      "4242 (python3",                          // no ')'
      "4242 python3) S 1",                      // no '('
      "4242 (python3) S 4100 4242 4100 34816",  // truncated before field 22
      "(python3) S 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5",       // no pid
      "-1 (x) S 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5",          // bad pid
      "0 (x) S 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5",           // pid 0
      "4 (x)S 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5",            // no space
      "4 (x) SS 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5",          // state
      "4 (x) S one 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5",         // ppid
      "4 (x) S 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5x",          // start
      "4 (x) S 1 1 1 0 -1 -4 0 0 0 0 0 0 0 0 20 0 1 0 5",          // flags
      "4 (x) S 1 1 1 0 -1 4294967296 0 0 0 0 0 0 0 0 20 0 1 0 5",  // flags
      "4 (x) S 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 -5",          // start
      "4 (x) S 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 18446744073709551616",
      "4 (x) S 1  1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5 6",  // double space
      ")( 4 (x) S 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5",
  };
  for (const std::string& text : bad) {
    absl::StatusOr<ProcStat> stat = ParseProcStat(text);
    EXPECT_EQ(stat.status().code(), absl::StatusCode::kInvalidArgument)
        << "\"" << text << "\" gave " << stat.status();
  }
}

TEST(ParseProcStatTest, ErrorQuotesTheText) {
  absl::StatusOr<ProcStat> stat = ParseProcStat("4242 (python3) S 4100");
  EXPECT_THAT(stat.status().message(),
              HasSubstr("malformed /proc/<pid>/stat: truncated (4 fields, need "
                        "22) in \"4242 (python3) S 4100\""));
}

TEST(ParseStatusUidTest, ReadsRealUid) {
  absl::StatusOr<Uid> uid = ParseStatusUid(
      "Name:\tpython3\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t4242\n"
      "Pid:\t4242\nPPid:\t4100\nUid:\t1000\t0\t0\t0\nGid:\t1000\t1000\t1000\t"
      "1000\n");
  ASSERT_TRUE(uid.ok()) << uid.status();
  EXPECT_EQ(*uid, 1000u);
}

TEST(ParseStatusUidTest, ReadsUidZeroAndMaximal) {
  EXPECT_EQ(ParseStatusUid("Uid:\t0\t0\t0\t0").value(), 0u);
  EXPECT_EQ(ParseStatusUid("Uid:\t4294967295\t0\t0\t0\n").value(), 4294967295u);
}

TEST(ParseStatusUidTest, RejectsMissingOrGarbledLine) {
  for (const char* text :
       {"", "Name:\tx\nGid:\t1\t1\t1\t1\n", "Uid:\n", "Uid:\tabc\t1\n",
        "Uid:\t4294967296\t0\t0\t0\n", "Uid:\t-1\t0\t0\t0\n"}) {
    EXPECT_EQ(ParseStatusUid(text).status().code(),
              absl::StatusCode::kInvalidArgument)
        << text;
  }
}

TEST(ParseCmdlineTest, SplitsOnNul) {
  using namespace std::string_literals;  // NOLINT(build/namespaces)
  EXPECT_THAT(ParseCmdline("python3\0-m\0http.server\0008000\0"s),
              ElementsAre("python3", "-m", "http.server", "8000"));
}

TEST(ParseCmdlineTest, TrailingNulIsOptional) {
  using namespace std::string_literals;  // NOLINT(build/namespaces)
  EXPECT_THAT(ParseCmdline("a\0b"s), ElementsAre("a", "b"));
}

TEST(ParseCmdlineTest, KeepsInnerEmptyArgumentsAndSpaces) {
  using namespace std::string_literals;  // NOLINT(build/namespaces)
  EXPECT_THAT(ParseCmdline("sh\0-c\0\0echo a  b\0"s),
              ElementsAre("sh", "-c", "", "echo a  b"));
}

TEST(ParseCmdlineTest, EmptyForKernelThreadsAndZombies) {
  using namespace std::string_literals;  // NOLINT(build/namespaces)
  EXPECT_THAT(ParseCmdline(""), IsEmpty());
  EXPECT_THAT(ParseCmdline("\0"s), IsEmpty());
}

TEST(ParseCmdlineTest, RewrittenTitleWithSpacesIsOneElement) {
  EXPECT_THAT(ParseCmdline("postgres: checkpointer "),
              ElementsAre("postgres: checkpointer "));
}

TEST(ParseCmdlineTest, DropsNulPaddingOfRewrittenTitle) {
  using namespace std::string_literals;  // NOLINT(build/namespaces)
  EXPECT_THAT(ParseCmdline("nginx: master process /usr/sbin/nginx\0\0\0\0\0"s),
              ElementsAre("nginx: master process /usr/sbin/nginx"));
}

TEST(ParseBootTimeTest, FindsBtimeLine) {
  absl::StatusOr<uint64_t> btime = ParseBootTime(
      "cpu  2800 0 681 100970 360 0 15 1 0 0\n"
      "cpu0 1090 0 265 51059 17 0 5 0 0 0\n"
      "intr 12345 0 0\n"
      "ctxt 999\n"
      "btime 1700000000\n"
      "processes 4321\n");
  ASSERT_TRUE(btime.ok()) << btime.status();
  EXPECT_EQ(*btime, 1700000000u);
}

TEST(ParseBootTimeTest, RejectsMissingOrGarbledLine) {
  for (const char* text : {"", "cpu 1 2 3\nctxt 9\n", "btime\n", "btime x\n",
                           "btime -1\n", "btime 17 00\n", "xbtime 5\n"}) {
    EXPECT_EQ(ParseBootTime(text).status().code(),
              absl::StatusCode::kInvalidArgument)
        << text;
  }
}

TEST(ParsePidDirNameTest, AcceptsOnlyPositiveDecimalNames) {
  EXPECT_EQ(ParsePidDirName("1"), Pid{1});
  EXPECT_EQ(ParsePidDirName("4194304"), Pid{4194304});
  for (const char* name : {"", "0", "042", "self", "thread-self", "net", "+1",
                           "-1", "1a", " 1", "99999999999999999999"}) {
    EXPECT_EQ(ParsePidDirName(name), std::nullopt) << name;
  }
}

}  // namespace
}  // namespace pm::procfs
