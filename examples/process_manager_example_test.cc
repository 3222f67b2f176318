// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Runs //examples:process_manager_example as a user would: it serves on its
// port, a second instance is refused and its argv reaches the first, and
// SIGTERM makes it close the listener and exit 0.

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "gtest/gtest.h"
#include "tools/cpp/runfiles/runfiles.h"

extern char** environ;

namespace {

using ::bazel::tools::cpp::runfiles::Runfiles;

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Polls until `path` contains `needle` (at most 30 s); returns the content.
std::string WaitFor(const std::string& path, const std::string& needle) {
  for (int i = 0; i < 3000; ++i) {
    std::string text = Slurp(path);
    if (text.find(needle) != std::string::npos) return text;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return Slurp(path);
}

// Starts `argv` with stdout to `out`; returns its pid (or -1).
pid_t Spawn(const std::vector<std::string>& argv, const std::string& out) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out.c_str(),
                                   O_WRONLY | O_CREAT | O_APPEND, 0600);
  std::vector<char*> args;
  for (const std::string& arg : argv)
    args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  int error =
      posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  return error == 0 ? pid : -1;
}

// Waits up to 30 s for `pid`; returns its wait status, or -1 (then kills it).
int WaitExit(pid_t pid) {
  for (int i = 0; i < 3000; ++i) {
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) return status;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  return -1;
}

std::string Hello(uint16_t port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string reply;
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0) {
    char buffer[64];
    ssize_t n;
    while ((n = read(fd, buffer, sizeof(buffer))) > 0) reply.append(buffer, n);
  }
  close(fd);
  return reply;
}

TEST(ProcessManagerExampleTest, ServesRefusesSecondInstanceAndStopsOnSigterm) {
  std::string error;
  std::unique_ptr<Runfiles> runfiles(Runfiles::CreateForTest(&error));
  ASSERT_NE(runfiles, nullptr) << error;
  std::string binary =
      runfiles->Rlocation("pm/examples/process_manager_example");
  std::string tmp = std::getenv("TEST_TMPDIR");
  std::string app = absl::StrCat("pm-example-test-", getpid());
  std::string ready = tmp + "/ready";
  std::string out1 = tmp + "/first.out";
  std::string out2 = tmp + "/second.out";

  pid_t first = Spawn({binary, "--app", app, "--ready-file", ready}, out1);
  ASSERT_GT(first, 0);
  std::string port_text = WaitFor(ready, "\n");
  uint32_t port = 0;
  ASSERT_TRUE(absl::SimpleAtoi(absl::StripAsciiWhitespace(port_text), &port))
      << port_text << Slurp(out1);
  EXPECT_EQ(Hello(static_cast<uint16_t>(port)), "hello\n");

  pid_t second = Spawn({binary, "--app", app}, out2);
  ASSERT_GT(second, 0);
  int second_status = WaitExit(second);
  ASSERT_TRUE(WIFEXITED(second_status)) << second_status;
  EXPECT_EQ(WEXITSTATUS(second_status), 0);
  EXPECT_EQ(Slurp(out2), absl::StrCat("another instance of ", app,
                                      " is running; it was notified\n"));
  EXPECT_NE(
      WaitFor(out1, "second instance:")
          .find(absl::StrCat("second instance: pid ", second, ", 3 args")),
      std::string::npos)
      << Slurp(out1);

  ASSERT_EQ(kill(first, SIGTERM), 0);
  int status = WaitExit(first);
  ASSERT_TRUE(WIFEXITED(status)) << status;
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_NE(Slurp(out1).find("shutdown complete\n"), std::string::npos)
      << Slurp(out1);
  EXPECT_EQ(Hello(static_cast<uint16_t>(port)), "");  // Nobody listens.
}

}  // namespace
