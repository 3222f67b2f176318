// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// 8 processes x 50 allocations from one range through one state directory, all
// started at the same moment and all alive until every one has finished: no
// port is given out twice.

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/port_manager.h"
#include "core/port_test_sockets.h"
#include "gtest/gtest.h"

namespace pm {
namespace {

// A service with a name, a default port and an optional range.
ServiceConfig Svc(std::string name, uint16_t port,
                  std::optional<PortRange> range = std::nullopt) {
  ServiceConfig s;
  s.name = std::move(name);
  s.default_port = port;
  s.range = range;
  return s;
}

constexpr int kProcesses = 8;
constexpr int kAllocations = 50;

// One child's answer for one allocation, written whole to the results pipe
// (smaller than PIPE_BUF, so writes from several children never interleave).
struct Result {
  int process;
  int index;
  int status;  // AllocationStatus as int.
  uint16_t port;
};

// The child: waits for `go` to close, allocates, reports, then waits for
// `done` to close before exiting (so its allocations stay live meanwhile). It
// reports every index even when it fails (status -1), so the parent always
// gets kProcesses * kAllocations results.
[[noreturn]] void Child(int process, const PortManagerOptions& base, int go,
                        int results, int done) {
  char byte;
  (void)!read(go, &byte, 1);
  int reported = 0;
  auto report = [&](int status, uint16_t port) {
    Result r{process, reported++, status, port};
    if (write(results, &r, sizeof(r)) != sizeof(r)) _exit(4);
  };
  absl::StatusOr<std::unique_ptr<Backend>> backend = CreateDefaultBackend();
  PortManagerOptions options = base;
  for (ServiceConfig& s : options.config.services) {
    s.name = absl::StrCat("p", process, "-", s.name);
  }
  absl::StatusOr<std::unique_ptr<PortManager>> ports =
      absl::InternalError("no backend");
  if (backend.ok()) ports = PortManager::Create(**backend, options);
  for (int i = 0; i < kAllocations; ++i) {
    if (!ports.ok()) {
      report(-1, 0);
      continue;
    }
    PortAllocation a = (*ports)->Allocate(options.config.services[i].name);
    report(static_cast<int>(a.status), a.allocated_port);
  }
  (void)!read(done, &byte, 1);
  _exit(0);
}

TEST(PortManagerMultiprocessTest, EightProcessesNeverGetTheSamePort) {
  // Room for every allocation plus ports this machine may be using.
  const PortRange range = testing::UnusedRange(kProcesses * kAllocations + 100);
  ASSERT_NE(range.first, 0);
  const char* tmp = std::getenv("TEST_TMPDIR");
  PortManagerOptions options;
  options.state_dir =
      absl::StrCat(tmp != nullptr ? tmp : "/tmp", "/multiprocess_", getpid());
  for (int i = 0; i < kAllocations; ++i) {
    // Every service asks for the same default port first.
    options.config.services.push_back(
        Svc(absl::StrCat("s", i), range.first, range));
  }
  int go[2], results[2], done[2];
  ASSERT_EQ(pipe(go), 0);
  ASSERT_EQ(pipe(results), 0);
  ASSERT_EQ(pipe(done), 0);
  std::vector<pid_t> children;
  for (int p = 0; p < kProcesses; ++p) {
    pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      close(go[1]);
      close(results[0]);
      close(done[1]);
      Child(p, options, go[0], results[1], done[0]);
    }
    children.push_back(child);
  }
  close(go[0]);
  close(results[1]);
  close(done[0]);
  close(go[1]);  // Start them all at once.

  std::map<uint16_t, std::string> given;
  std::vector<std::string> problems;
  Result r;
  int count = 0;
  while (read(results[0], &r, sizeof(r)) == sizeof(r)) {
    ++count;
    const std::string who = absl::StrCat("p", r.process, "-s", r.index);
    if (r.status != static_cast<int>(AllocationStatus::kAllocated)) {
      problems.push_back(absl::StrCat(who, ": status ", r.status));
      continue;
    }
    if (!range.Contains(r.port)) {
      problems.push_back(absl::StrCat(who, ": port ", r.port, " not in range"));
    }
    auto [it, fresh] = given.emplace(r.port, who);
    if (!fresh) {
      problems.push_back(absl::StrCat("port ", r.port, " given to ", who,
                                      " and ", it->second));
    }
    if (count == kProcesses * kAllocations) close(done[1]);
  }
  close(results[0]);
  for (pid_t child : children) {
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
        << "wait status " << status;
  }
  EXPECT_EQ(count, kProcesses * kAllocations);
  EXPECT_EQ(given.size(), size_t{kProcesses * kAllocations});
  EXPECT_EQ(problems, std::vector<std::string>());
}

}  // namespace
}  // namespace pm
