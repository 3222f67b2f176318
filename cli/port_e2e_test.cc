// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// End to end: the real //cli:pm binary waits for a listener this test opens
// after starting it, and keeps an allocation from one run to the next.

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/port_test_sockets.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tools/cpp/runfiles/runfiles.h"

extern char** environ;

namespace pm::cli {
namespace {

using ::bazel::tools::cpp::runfiles::Runfiles;

// A running pm whose stdout is collected through a pipe.
class PmProcess {
 public:
  explicit PmProcess(const std::vector<std::string>& args) {
    std::string error;
    std::unique_ptr<Runfiles> runfiles(Runfiles::CreateForTest(&error));
    EXPECT_NE(runfiles, nullptr) << error;
    if (runfiles == nullptr) return;
    const std::string path = runfiles->Rlocation("pm/cli/pm");
    int out[2];
    EXPECT_EQ(pipe(out), 0);
    fcntl(out[0], F_SETFD, FD_CLOEXEC);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    std::vector<char*> argv = {const_cast<char*>(path.c_str())};
    for (const std::string& a : args)
      argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    EXPECT_EQ(posix_spawn(&pid_, path.c_str(), &actions, nullptr, argv.data(),
                          environ),
              0);
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]);
    out_ = out[0];
  }
  ~PmProcess() {
    if (out_ >= 0) close(out_);
  }

  // Reads stdout to EOF and reaps pm; returns its exit status (-1 if killed).
  int Finish(std::string* stdout_text) {
    char buffer[4096];
    ssize_t n;
    while ((n = read(out_, buffer, sizeof(buffer))) > 0) {
      stdout_text->append(buffer, static_cast<size_t>(n));
    }
    int status = 0;
    EXPECT_EQ(waitpid(pid_, &status, 0), pid_);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

 private:
  pid_t pid_ = -1;
  int out_ = -1;
};

TEST(PortE2eTest, WaitReturnsOnceTheTestListens) {
  const uint16_t port = testing::UnusedPort();
  PmProcess pm(
      {"port", "wait", absl::StrCat(port), "--timeout", "60s", "--json"});
  testing::SocketSpec spec;
  spec.port = port;
  testing::TestSocket server(spec);  // Whether pm polls already or not yet.
  ASSERT_TRUE(server.ok());
  std::string text;
  EXPECT_EQ(pm.Finish(&text), 0);
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
  ASSERT_TRUE(doc.is_object()) << text;
  EXPECT_EQ(doc["event"], "listening");
  EXPECT_EQ(doc["sockets"][0]["owners"][0]["pid"], getpid()) << text;
}

TEST(PortE2eTest, AnAllocationOutlivesTheCommand) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  const std::string dir = absl::StrCat(tmp != nullptr ? tmp : "/tmp", "/e2e");
  const PortRange range = testing::UnusedRange(1);
  const std::string config = dir + "-ports.json";
  FILE* f = std::fopen(config.c_str(), "w");
  ASSERT_NE(f, nullptr);
  std::fputs(absl::StrCat(R"({"services": [{"name": "web", "default_port": )",
                          range.first, "}]}")
                 .c_str(),
             f);
  std::fclose(f);
  std::string text;
  EXPECT_EQ(PmProcess({"port", "alloc", "web", "--config", config,
                       "--state-dir", dir})
                .Finish(&text),
            0)
      << text;
  text.clear();
  EXPECT_EQ(PmProcess({"port", "env", "--state-dir", dir}).Finish(&text), 0);
  EXPECT_EQ(text, absl::StrCat("WEB_PORT=", range.first, "\n"));
}

}  // namespace
}  // namespace pm::cli
