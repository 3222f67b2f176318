// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// End to end: the real //cli:pm binary kills and frees ports held by
// listener_helper processes (one that exits on TERM, one that ignores it, a
// parent with a forked child), and refuses its own parent.

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pwd.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/conformance/listener_helper_process.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tools/cpp/runfiles/runfiles.h"

extern char** environ;

namespace pm::cli {
namespace {

using ::bazel::tools::cpp::runfiles::Runfiles;
using ::pm::conformance::ListenerHelper;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;

struct PmRun {
  int code = -1;
  std::string out;
  std::string err;
};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Runs the pm binary with `args`; stdout and stderr go to files under
// $TEST_TMPDIR, read back once it has exited.
PmRun RunPm(const std::vector<std::string>& args) {
  PmRun run;
  std::string error;
  std::unique_ptr<Runfiles> runfiles(Runfiles::CreateForTest(&error));
  if (runfiles == nullptr) {
    ADD_FAILURE() << "runfiles: " << error;
    return run;
  }
  const std::string path = runfiles->Rlocation("pm/cli/pm");
  const char* tmp = std::getenv("TEST_TMPDIR");
  const std::string base = absl::StrCat(tmp != nullptr ? tmp : "/tmp", "/pm.");
  const std::string out_path = base + "out";
  const std::string err_path = base + "err";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  std::vector<char*> argv = {const_cast<char*>(path.c_str())};
  for (const std::string& arg : args) {
    argv.push_back(const_cast<char*>(arg.c_str()));
  }
  argv.push_back(nullptr);
  pid_t child = -1;
  const int rc = posix_spawn(&child, path.c_str(), &actions, nullptr,
                             argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    ADD_FAILURE() << "posix_spawn(" << path << "): " << std::strerror(rc);
    return run;
  }
  int status = 0;
  while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  run.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.out = ReadFile(out_path);
  run.err = ReadFile(err_path);
  return run;
}

std::unique_ptr<ListenerHelper> Start(std::vector<std::string> flags) {
  absl::StatusOr<std::unique_ptr<ListenerHelper>> helper =
      ListenerHelper::Start(std::move(flags));
  EXPECT_TRUE(helper.ok()) << helper.status();
  return helper.ok() ? *std::move(helper) : nullptr;
}

std::string MyUser() {
  const struct passwd* pw = getpwuid(getuid());
  return pw != nullptr ? pw->pw_name : absl::StrCat(getuid());
}

// errno of binding a TCP socket to 127.0.0.1:`port` (0 when it binds).
int BindError(uint16_t port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in sin{};
  sin.sin_family = AF_INET;
  sin.sin_port = htons(port);
  sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const int rc = bind(fd, reinterpret_cast<sockaddr*>(&sin), sizeof(sin));
  const int error = rc == 0 ? 0 : errno;
  close(fd);
  return error;
}

TEST(KillE2eTest, KillsTheListenerOfAPortThenFindsNothing) {
  std::unique_ptr<ListenerHelper> helper = Start({"--tcp4=0"});
  ASSERT_NE(helper, nullptr);
  const uint16_t port = helper->SocketOf("tcp4").local.port;
  const std::string target = absl::StrCat(":", port);
  PmRun run = RunPm({"kill", target});
  EXPECT_EQ(run.code, 0) << run.err;
  EXPECT_THAT(run.out,
              MatchesRegex(absl::StrCat(
                  "pid ", helper->pid(), " \\(listener_helper, ", MyUser(),
                  "\\) on :", port, ": exited after TERM in [0-9.]+ ms\nport ",
                  port, " is free\n")));
  absl::StatusOr<int> status = helper->Wait(absl::Seconds(30));
  ASSERT_TRUE(status.ok()) << status.status();
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0);
  EXPECT_EQ(BindError(port), 0);

  PmRun again = RunPm({"kill", target});
  EXPECT_EQ(again.code, 1);
  EXPECT_EQ(again.out, "");
  EXPECT_EQ(again.err, absl::StrCat("pm kill: ", target,
                                    ": nothing listens on port ", port, "\n"));
}

TEST(KillE2eTest, FreeEndsAParentAndItsForkedChildAndThePortBinds) {
  std::unique_ptr<ListenerHelper> helper =
      Start({"--tcp4=0", "--fork=1", "--detach_children"});
  ASSERT_NE(helper, nullptr);
  const uint16_t port = helper->SocketOf("tcp4").local.port;
  EXPECT_EQ(BindError(port), EADDRINUSE);
  PmRun run = RunPm({"free", absl::StrCat(port)});
  EXPECT_EQ(run.code, 0) << run.out << run.err;
  EXPECT_THAT(run.out, HasSubstr(absl::StrCat("pid ", helper->pid(), " ")));
  EXPECT_THAT(run.out,
              HasSubstr(absl::StrCat("pid ", helper->children().at(0), " ")));
  EXPECT_THAT(run.out, HasSubstr(absl::StrCat("port ", port, " is free\n")));
  EXPECT_EQ(BindError(port), 0);
  ASSERT_TRUE(helper->Wait(absl::Seconds(30)).ok());
}

TEST(KillE2eTest, AListenerIgnoringTermIsKilledAfterTheGrace) {
  std::unique_ptr<ListenerHelper> helper = Start({"--tcp4=0", "--ignore_term"});
  ASSERT_NE(helper, nullptr);
  PmRun run = RunPm({"kill", "--grace", "200ms", absl::StrCat(helper->pid())});
  EXPECT_EQ(run.code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr(": killed with KILL after the 200ms grace ("));
  absl::StatusOr<int> status = helper->Wait(absl::Seconds(30));
  ASSERT_TRUE(status.ok()) << status.status();
  EXPECT_TRUE(WIFSIGNALED(*status) && WTERMSIG(*status) == SIGKILL);
}

TEST(KillE2eTest, DryRunSendsNothing) {
  std::unique_ptr<ListenerHelper> helper = Start({"--tcp4=0"});
  ASSERT_NE(helper, nullptr);
  const uint16_t port = helper->SocketOf("tcp4").local.port;
  PmRun run = RunPm({"kill", "--dry-run", "--json", absl::StrCat(":", port)});
  EXPECT_EQ(run.code, 0) << run.err;
  nlohmann::json doc = nlohmann::json::parse(run.out);
  EXPECT_EQ(doc["dry_run"], true);
  const nlohmann::json& p = doc["targets"][0]["processes"][0];
  EXPECT_EQ(p["process"]["pid"], helper->pid());
  EXPECT_EQ(p["ports"], nlohmann::json::array({port}));
  EXPECT_EQ(p["outcome"], "would_signal");
  EXPECT_TRUE(
      absl::IsDeadlineExceeded(helper->Wait(absl::ZeroDuration()).status()));
}

TEST(KillE2eTest, RefusesTheProcessThatRunsIt) {
  PmRun run = RunPm({"kill", absl::StrCat(getpid())});
  EXPECT_EQ(run.code, 3);
  EXPECT_THAT(run.out, HasSubstr("is an ancestor of pm (the shell or program "
                                 "that runs it); nothing was sent\n"));
}

}  // namespace
}  // namespace pm::cli
