// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// `pm pidfile check` on real files and processes: valid, stale (exited and
// reused PID), invalid (bad content, symbolic link), unreadable.

#include "cli/pidfile_command.h"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cli/app.h"
#include "cli/json_output.h"
#include "core/backend.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace pm::cli {
namespace {

struct PmResult {
  int code = -1;
  std::string out;
  std::string err;
};

PmResult Pm(std::vector<std::string> args) {
  args.insert(args.begin(), "pm");
  std::vector<const char*> argv;
  for (const std::string& arg : args) argv.push_back(arg.c_str());
  std::ostringstream out;
  std::ostringstream err;
  Output output{out, err, std::nullopt};
  PmResult result;
  result.code = RunPm(
      static_cast<int>(argv.size()), argv.data(),
      [] { return CreateDefaultBackend(); }, output);
  result.out = out.str();
  result.err = err.str();
  return result;
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class PidfileCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* tmp = std::getenv("TEST_TMPDIR");
    dir_ = absl::StrCat(
        tmp != nullptr ? tmp : "/tmp", "/pidfile-",
        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    ASSERT_EQ(mkdir(dir_.c_str(), 0700), 0);
    absl::StatusOr<std::unique_ptr<Backend>> backend = CreateDefaultBackend();
    ASSERT_TRUE(backend.ok()) << backend.status();
    absl::StatusOr<ProcessInfo> self =
        (*backend)->processes().GetProcess(getpid());
    ASSERT_TRUE(self.ok()) << self.status();
    self_ = *self;
  }

  // Writes `text` to a file of the test and returns its path.
  std::string File(const std::string& text) {
    std::string path = dir_ + "/app.pid";
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
    return path;
  }

  std::string Started() const {
    return absl::StrCat(self_.name, ", started ",
                        FormatRfc3339(self_.start_time));
  }

  std::string dir_;
  ProcessInfo self_;
};

TEST_F(PidfileCommandTest, RunningProcessIsValid) {
  std::string path = File(absl::StrCat(self_.pid, "\n", self_.start_token));
  PmResult r = Pm({"pidfile", "check", path});
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_EQ(r.out, absl::StrCat("valid: pid ", self_.pid, " (", Started(),
                                ") is running\n"));
  EXPECT_EQ(r.err, "");
}

TEST_F(PidfileCommandTest, OneLinePidFileIsValidButUnverified) {
  std::string path = File(absl::StrCat(self_.pid, "\n"));
  PmResult r = Pm({"pidfile", "check", path});
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_EQ(r.out, absl::StrCat("valid: pid ", self_.pid, " (", Started(),
                                ") is running (unverified: no start time in "
                                "the file)\n"));
}

TEST_F(PidfileCommandTest, ExitedProcessIsStale) {
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) _exit(0);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  std::string path = File(absl::StrCat(child, "\n1\n"));
  PmResult r = Pm({"pidfile", "check", path});
  EXPECT_EQ(r.code, kExitNotFound);
  EXPECT_EQ(r.out, absl::StrCat("stale: pid ", child, " is not running\n"));
}

TEST_F(PidfileCommandTest, ReusedPidIsStale) {
  std::string path =
      File(absl::StrCat(self_.pid, "\n", self_.start_token + 1, "\n"));
  PmResult r = Pm({"pidfile", "check", path});
  EXPECT_EQ(r.code, kExitNotFound);
  EXPECT_EQ(r.out,
            absl::StrCat("stale: pid ", self_.pid,
                         " now names another process (", Started(), ")\n"));

  PmResult json = Pm({"pidfile", "check", "--json", path});
  EXPECT_EQ(json.code, kExitNotFound);
  nlohmann::json doc = nlohmann::json::parse(json.out);
  EXPECT_EQ(doc["file"], path);
  EXPECT_EQ(doc["state"], "stale");
  EXPECT_EQ(doc["reason"], "pid_reused");
  EXPECT_EQ(doc["pid"], self_.pid);
  EXPECT_EQ(doc["start_token"], self_.start_token + 1);
  EXPECT_EQ(doc["verified"], false);
  EXPECT_EQ(doc["process"]["pid"], self_.pid);
}

TEST_F(PidfileCommandTest, BadContentIsInvalidAndKept) {
  std::string path = File("abc");
  PmResult r = Pm({"pidfile", "check", path});
  EXPECT_EQ(r.code, kExitPidFileInvalid);
  EXPECT_EQ(r.out, absl::StrCat("invalid: PID file ", path,
                                ": 'abc' is not a PID (expected a decimal "
                                "number from 1 to 2147483647)\n"));
  EXPECT_EQ(Slurp(path), "abc");

  PmResult json = Pm({"pidfile", "check", path, "--json"});
  EXPECT_EQ(json.code, kExitPidFileInvalid);
  nlohmann::json doc = nlohmann::json::parse(json.out);
  EXPECT_EQ(doc["state"], "invalid");
  EXPECT_TRUE(doc["pid"].is_null());
}

TEST_F(PidfileCommandTest, SymbolicLinkIsRefused) {
  std::string target = File(absl::StrCat(self_.pid, "\n"));
  std::string link = dir_ + "/link.pid";
  ASSERT_EQ(symlink(target.c_str(), link.c_str()), 0);
  PmResult r = Pm({"pidfile", "check", link});
  EXPECT_EQ(r.code, kExitPidFileInvalid);
  EXPECT_EQ(r.out, absl::StrCat("invalid: ", link,
                                " is a symbolic link; refusing to follow it "
                                "(another user may have planted it)\n"));
}

TEST_F(PidfileCommandTest, MissingFileCannotBeRead) {
  std::string path = dir_ + "/missing.pid";
  PmResult r = Pm({"pidfile", "check", path});
  EXPECT_EQ(r.code, kExitFailure);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, absl::StrCat("pm pidfile: open(", path,
                                "): No such file or directory (ENOENT)\n"));
}

TEST_F(PidfileCommandTest, MissingFileArgumentIsUsage) {
  PmResult r = Pm({"pidfile", "check"});
  EXPECT_EQ(r.code, kExitUsage);
}

}  // namespace
}  // namespace pm::cli
