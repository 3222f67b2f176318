// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// PortManager and its configuration files: the shipped example, saving and
// loading, and invalid files that are reported and left untouched.

#include <unistd.h>

#include <cstdlib>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "core/port_json.h"
#include "core/port_manager.h"
#include "core/port_test_sockets.h"
#include "gtest/gtest.h"
#include "tools/cpp/runfiles/runfiles.h"

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

using ::bazel::tools::cpp::runfiles::Runfiles;
using ::pm::testing::NativeBackend;

std::string TestDir(const std::string& name) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  return absl::StrCat(tmp != nullptr ? tmp : "/tmp", "/files_", name, "_",
                      getpid());
}

std::string ExamplePath() {
  std::string error;
  std::unique_ptr<Runfiles> runfiles(Runfiles::CreateForTest(&error));
  EXPECT_NE(runfiles, nullptr) << error;
  return runfiles == nullptr
             ? ""
             : runfiles->Rlocation("pm/examples/ports.example.json");
}

TEST(PortManagerFilesTest, TheExampleConfigurationLoadsAndAllocates) {
  std::unique_ptr<StateIo> io = CreateDefaultStateIo();
  absl::StatusOr<PortsDocument> example = LoadPortsFile(*io, ExamplePath());
  ASSERT_TRUE(example.ok()) << example.status();
  ASSERT_EQ(example->config.services.size(), 4u);
  std::unique_ptr<Backend> backend = NativeBackend();
  ASSERT_NE(backend, nullptr);
  PortManagerOptions options;
  options.config = example->config;
  absl::StatusOr<std::unique_ptr<PortManager>> ports =
      PortManager::Create(*backend, options);
  ASSERT_TRUE(ports.ok()) << ports.status();
  std::vector<PortAllocation> required = (*ports)->AllocateRequired();
  ASSERT_EQ(required.size(), 1u);
  EXPECT_EQ(required[0].service, "vite-dev-server");
  EXPECT_EQ(required[0].requested_port, 5176);
  // Which port depends on this machine; it is the seeds' range either way.
  ASSERT_NE(required[0].status, AllocationStatus::kError)
      << required[0].message;
  if (required[0].status == AllocationStatus::kAllocated) {
    EXPECT_GE(required[0].allocated_port, 5173);
    EXPECT_LE(required[0].allocated_port, 5180);
  }
}

TEST(PortManagerFilesTest, SavedConfigurationLoadsBack) {
  std::unique_ptr<Backend> backend = NativeBackend();
  ASSERT_NE(backend, nullptr);
  const std::string dir = TestDir("save");
  std::unique_ptr<StateIo> io = CreateDefaultStateIo();
  ASSERT_TRUE(io->CreateDirectories(dir).ok());
  PortRange range = testing::UnusedRange(2);
  PortManagerOptions options;
  options.config.services = {ServiceConfig{"web", range.first, range, true,
                                           "Web", Protocol::kTcp, "127.0.0.1"}};
  auto ports = PortManager::Create(*backend, options);
  ASSERT_TRUE(ports.ok()) << ports.status();
  ASSERT_EQ((*ports)->Allocate("web").status, AllocationStatus::kAllocated);
  const std::string path = dir + "/ports.json";
  ASSERT_TRUE((*ports)->SaveConfiguration(path).ok());

  absl::StatusOr<PortsDocument> saved = LoadPortsFile(*io, path);
  ASSERT_TRUE(saved.ok()) << saved.status();
  ASSERT_EQ(saved->config.services.size(), 1u);
  EXPECT_EQ(saved->config.services[0].host, "127.0.0.1");
  EXPECT_EQ(saved->config.services[0].range, range);
  ASSERT_EQ(saved->allocations.size(), 1u);
  EXPECT_EQ(saved->allocations[0].port, range.first);
  EXPECT_EQ(saved->allocations[0].pid, getpid());
}

TEST(PortManagerFilesTest, AnInvalidSaveLeavesTheOldFileUntouched) {
  std::unique_ptr<StateIo> io = CreateDefaultStateIo();
  const std::string dir = TestDir("invalid_save");
  ASSERT_TRUE(io->CreateDirectories(dir).ok());
  const std::string path = dir + "/ports.json";
  const std::string old_text = "{\"services\": []}\n";
  ASSERT_TRUE(io->WriteFileAtomically(path, old_text).ok());
  PortsDocument bad;
  bad.config.services = {Svc("web", 8080), Svc("api", 0)};
  absl::Status saved = SavePortsFile(*io, path, bad);
  EXPECT_TRUE(absl::IsInvalidArgument(saved)) << saved;
  EXPECT_EQ(saved.message(),
            absl::StrCat("not saved to ", path,
                         ": services[1].default_port: 0 is not a port"));
  EXPECT_EQ(*io->ReadFile(path), old_text);
}

TEST(PortManagerFilesTest, AnInvalidFileIsReportedWithItsPathAndField) {
  std::unique_ptr<StateIo> io = CreateDefaultStateIo();
  const std::string dir = TestDir("invalid_load");
  ASSERT_TRUE(io->CreateDirectories(dir).ok());
  const std::string path = dir + "/ports.json";
  const std::string text = R"({"services": [
    {"name": "a", "default_port": 1000},
    {"name": "b", "default_port": 2000},
    {"name": "c", "default_port": 3000, "range": [3000, 70000]}]})";
  ASSERT_TRUE(io->WriteFileAtomically(path, text).ok());
  absl::StatusOr<PortsDocument> loaded = LoadPortsFile(*io, path);
  EXPECT_TRUE(absl::IsInvalidArgument(loaded.status())) << loaded.status();
  EXPECT_EQ(loaded.status().message(),
            absl::StrCat(path, ": services[2].range[1]: 70000 is not a port"));
  EXPECT_EQ(*io->ReadFile(path), text);
  EXPECT_TRUE(absl::IsNotFound(LoadPortsFile(*io, dir + "/none").status()));
}

TEST(PortManagerFilesTest, CreateRefusesAnInvalidConfiguration) {
  std::unique_ptr<Backend> backend = NativeBackend();
  ASSERT_NE(backend, nullptr);
  PortManagerOptions options;
  options.config.services = {Svc("web", 8080), Svc("web", 8081)};
  absl::StatusOr<std::unique_ptr<PortManager>> manager =
      PortManager::Create(*backend, options);
  EXPECT_TRUE(absl::IsInvalidArgument(manager.status())) << manager.status();
  EXPECT_EQ(manager.status().message(),
            "services[1].name: 'web' is defined twice (first in services[0])");
}

}  // namespace
}  // namespace pm
