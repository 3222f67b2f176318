// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// ProcNetSocketSource on captured /proc/net trees (testdata/proc/net_*) and on
// small trees built under $TEST_TMPDIR.

#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/socket.h"
#include "gtest/gtest.h"
#include "platform_linux/proc_net_socket_source.h"
#include "tools/cpp/runfiles/runfiles.h"

namespace pm::procfs {
namespace {

using ::bazel::tools::cpp::runfiles::Runfiles;

// One line of expected.txt: "tcp6 [::1]:8080 [::]:* LISTEN uid=1000 inode=7".
std::string FormatSocket(const Socket& s) {
  return absl::StrCat(
      ProtocolName(s.protocol), s.family() == AddressFamily::kIpv6 ? "6" : "",
      " ", s.local.ToString(), " ", s.remote.ToString(true), " ",
      SocketStateName(s.state), " uid=", s.uid ? absl::StrCat(*s.uid) : "none",
      " inode=", s.inode);
}

std::vector<std::string> FormatAll(const std::vector<Socket>& sockets) {
  std::vector<std::string> lines;
  for (const Socket& s : sockets) lines.push_back(FormatSocket(s));
  return lines;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream(path) << text;
}

// The directory of a scenario in the runfiles tree (the proc_root to use).
std::string ScenarioRoot(const std::string& scenario) {
  std::string error;
  std::unique_ptr<Runfiles> runfiles(Runfiles::CreateForTest(&error));
  EXPECT_NE(runfiles, nullptr) << error;
  if (runfiles == nullptr) return "";
  std::string expected = runfiles->Rlocation(
      absl::StrCat("pm/testdata/proc/", scenario, "/expected.txt"));
  return expected.substr(0, expected.rfind('/'));
}

// Lists with `query`, failing the test on error.
std::vector<std::string> ListLines(const std::string& root,
                                   const SocketQuery& query) {
  ProcNetSocketSource source(root);
  absl::StatusOr<std::vector<Socket>> sockets = source.List(query);
  EXPECT_TRUE(sockets.ok()) << sockets.status();
  if (!sockets.ok()) return {};
  return FormatAll(*sockets);
}

class ProcNetFixtureTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ProcNetFixtureTest, DefaultQueryMatchesExpected) {
  const std::string root = ScenarioRoot(GetParam());
  ProcNetSocketSource source(root);
  EXPECT_EQ(source.name(), "procfs");
  absl::StatusOr<std::vector<Socket>> sockets = source.List(SocketQuery{});
  ASSERT_TRUE(sockets.ok()) << sockets.status();
  std::string got =
      absl::StrCat(absl::StrJoin(FormatAll(*sockets), "\n"), "\n");
  EXPECT_EQ(got, ReadFile(root + "/expected.txt"));
  for (const Socket& s : *sockets) {
    EXPECT_TRUE(s.owners.empty());
    EXPECT_EQ(s.owner_visibility, OwnerVisibility::kNotResolved);
    EXPECT_TRUE(s.uid.has_value());
  }
}

// Each narrower query gives exactly the default result filtered by
// SocketMatches, so skipping files never drops a socket that should match.
TEST_P(ProcNetFixtureTest, FilteredQueriesAgreeWithSocketMatches) {
  const std::string root = ScenarioRoot(GetParam());
  ProcNetSocketSource source(root);
  absl::StatusOr<std::vector<Socket>> all = source.List(SocketQuery{});
  ASSERT_TRUE(all.ok()) << all.status();
  std::vector<SocketQuery> queries(6);
  queries[0].tcp = false;
  queries[1].udp = false;
  queries[2].ipv4 = false;
  queries[3].ipv6 = false;
  queries[4].states = SocketStateSet::Listening();
  queries[5].tcp = false;
  queries[5].ipv4 = false;
  for (size_t i = 0; i < queries.size(); ++i) {
    SCOPED_TRACE(i);
    std::vector<std::string> want;
    for (const Socket& s : *all) {
      if (SocketMatches(queries[i], s)) want.push_back(FormatSocket(s));
    }
    EXPECT_EQ(ListLines(root, queries[i]), want);
  }
}

INSTANTIATE_TEST_SUITE_P(Scenarios, ProcNetFixtureTest,
                         ::testing::Values("net_handmade",
                                           "net_live_listeners"),
                         [](const ::testing::TestParamInfo<std::string>& p) {
                           return p.param;
                         });

TEST(ProcNetHandmadeTest, FilterByPort) {
  SocketQuery query;
  query.local_port = 8080;
  query.states = SocketStateSet::Of({SocketState::kListen});
  EXPECT_EQ(ListLines(ScenarioRoot("net_handmade"), query),
            (std::vector<std::string>{
                "tcp 127.0.0.1:8080 0.0.0.0:* LISTEN uid=1000 inode=1002",
                "tcp6 [::1]:8080 [::]:* LISTEN uid=1000 inode=2002",
            }));
}

TEST(ProcNetHandmadeTest, FilterByStateAndFamily) {
  SocketQuery query;
  query.ipv4 = false;
  query.states = SocketStateSet::Listening();
  EXPECT_EQ(ListLines(ScenarioRoot("net_handmade"), query),
            (std::vector<std::string>{
                "tcp6 [::]:22 [::]:* LISTEN uid=0 inode=2001",
                "tcp6 [::1]:8080 [::]:* LISTEN uid=1000 inode=2002",
                "udp6 [::]:5353 [::]:* UNCONN uid=104 inode=4001",
                "udp6 [::ffff:127.0.0.1]:9999 [::]:* UNCONN uid=1000 "
                "inode=4003",
            }));
}

TEST(ProcNetHandmadeTest, FilterByAddressMatchesV4Mapped) {
  SocketQuery query;
  query.tcp = false;
  query.local_address = IpAddress::Loopback(AddressFamily::kIpv4);
  EXPECT_EQ(ListLines(ScenarioRoot("net_handmade"), query),
            (std::vector<std::string>{
                "udp 127.0.0.1:42015 127.0.0.53:53 ESTABLISHED uid=1000 "
                "inode=3003",
                "udp6 [::ffff:127.0.0.1]:9999 [::]:* UNCONN uid=1000 "
                "inode=4003",
            }));
}

TEST(ProcNetLiveListenersTest, FilterByPort) {
  SocketQuery query;
  query.local_port = 18082;
  EXPECT_EQ(ListLines(ScenarioRoot("net_live_listeners"), query),
            (std::vector<std::string>{
                "tcp6 [::]:18082 [::]:* LISTEN uid=0 inode=17349",
                "tcp6 [::ffff:127.0.0.1]:18082 [::ffff:127.0.0.1]:38170 "
                "ESTABLISHED uid=0 inode=18245",
            }));
}

// Trees built at run time under $TEST_TMPDIR for the error paths.
class ProcNetTmpTreeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* tmp = std::getenv("TEST_TMPDIR");
    ASSERT_NE(tmp, nullptr);
    root_ = absl::StrCat(
        tmp, "/",
        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    ASSERT_EQ(mkdir(root_.c_str(), 0755), 0);
    ASSERT_EQ(mkdir((root_ + "/net").c_str(), 0755), 0);
  }

  std::string root_;
};

constexpr char kHeader[] =
    "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when "
    "retrnsmt   uid  timeout inode\n";

std::string TcpLine(int sl, int port, int inode) {
  char line[160];
  snprintf(line, sizeof(line),
           "%4d: 0100007F:%04X 00000000:0000 0A 00000000:00000000 "
           "00:00000000 00000000  1000        0 %d 1 0000000000000000 100 0 "
           "0 10 0\n",
           sl, port, inode);
  return line;
}

TEST_F(ProcNetTmpTreeTest, MissingFilesAreSkipped) {
  // A kernel without IPv6 and without UDP files: only net/tcp exists.
  WriteFile(root_ + "/net/tcp", absl::StrCat(kHeader, TcpLine(0, 8080, 7)));
  EXPECT_EQ(ListLines(root_, SocketQuery{}),
            std::vector<std::string>{
                "tcp 127.0.0.1:8080 0.0.0.0:* LISTEN uid=1000 inode=7"});
}

TEST_F(ProcNetTmpTreeTest, MissingNetDirectoryIsNotFound) {
  ProcNetSocketSource source(root_ + "/no-such-root");
  absl::StatusOr<std::vector<Socket>> sockets = source.List(SocketQuery{});
  ASSERT_FALSE(sockets.ok());
  EXPECT_EQ(sockets.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(sockets.status().message(),
            absl::StrCat("stat(", root_,
                         "/no-such-root/net): No such file or directory "
                         "(ENOENT)"));
}

TEST_F(ProcNetTmpTreeTest, ReadErrorNamesThePath) {
  ASSERT_EQ(mkdir((root_ + "/net/udp").c_str(), 0755), 0);
  SocketQuery query;
  query.tcp = false;
  ProcNetSocketSource source(root_);
  absl::StatusOr<std::vector<Socket>> sockets = source.List(query);
  ASSERT_FALSE(sockets.ok());
  EXPECT_EQ(sockets.status().code(), absl::StatusCode::kInternal);
  EXPECT_EQ(sockets.status().message(),
            absl::StrCat("read(", root_, "/net/udp): Is a directory (EISDIR)"));
  // The directory is not read when the query does not need UDP.
  query.tcp = true;
  query.udp = false;
  EXPECT_TRUE(ListLines(root_, query).empty());
}

TEST_F(ProcNetTmpTreeTest, ParseErrorNamesPathAndLine) {
  WriteFile(root_ + "/net/tcp6", absl::StrCat(kHeader, TcpLine(0, 80, 1)));
  ProcNetSocketSource source(root_);
  absl::StatusOr<std::vector<Socket>> sockets = source.List(SocketQuery{});
  ASSERT_FALSE(sockets.ok());
  EXPECT_EQ(sockets.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(sockets.status().message(),
            absl::StrCat(root_,
                         "/net/tcp6 line 2: local address '0100007F:0050': "
                         "expected 32 hex digits for IPv6, got 8"));
}

TEST_F(ProcNetTmpTreeTest, ReadsFilesLargerThanOneRead) {
  // 3000 lines of ~150 bytes: several read() calls' worth.
  std::string text = kHeader;
  for (int i = 0; i < 3000; ++i) text += TcpLine(i, 10000 + i, 50000 + i);
  ASSERT_GT(text.size(), 4u * 64 * 1024);
  WriteFile(root_ + "/net/tcp", text);
  std::vector<std::string> lines = ListLines(root_, SocketQuery{});
  ASSERT_EQ(lines.size(), 3000u);
  EXPECT_EQ(lines.front(),
            "tcp 127.0.0.1:10000 0.0.0.0:* LISTEN uid=1000 inode=50000");
  EXPECT_EQ(lines.back(),
            "tcp 127.0.0.1:12999 0.0.0.0:* LISTEN uid=1000 inode=52999");
}

TEST_F(ProcNetTmpTreeTest, EntriesRepeatedByAChangingTableAreListedOnce) {
  // A socket table that changed between two read() calls can print a socket
  // twice; the repeat (same inode) is dropped, other sockets are kept.
  WriteFile(root_ + "/net/tcp",
            absl::StrCat(kHeader, TcpLine(0, 8080, 7), TcpLine(1, 8081, 8),
                         TcpLine(2, 8080, 7)));
  EXPECT_EQ(ListLines(root_, SocketQuery{}),
            (std::vector<std::string>{
                "tcp 127.0.0.1:8080 0.0.0.0:* LISTEN uid=1000 inode=7",
                "tcp 127.0.0.1:8081 0.0.0.0:* LISTEN uid=1000 inode=8"}));
}

}  // namespace
}  // namespace pm::procfs
