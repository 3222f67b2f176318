// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// PortManager on the native backend with real sockets and a state directory
// under $TEST_TMPDIR: allocation (default, fallback, in use, shared, lapsed),
// release, status, environment variables, and the configuration files.

#include "core/port_manager.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "core/port_test_sockets.h"
#include "gtest/gtest.h"

namespace pm {
namespace {

using ::pm::testing::NativeBackend;
using ::pm::testing::SocketSpec;
using ::pm::testing::TestSocket;
using ::pm::testing::UnusedRange;

class PortManagerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    backend_ = NativeBackend();
    ASSERT_NE(backend_, nullptr);
    range_ = UnusedRange(4);
    ASSERT_NE(range_.first, 0);
    const char* tmp = std::getenv("TEST_TMPDIR");
    state_dir_ = absl::StrCat(
        tmp != nullptr ? tmp : "/tmp", "/pm_",
        ::testing::UnitTest::GetInstance()->current_test_info()->name());
  }

  ServiceConfig Service(const std::string& name, bool with_range = true) {
    ServiceConfig s;
    s.name = name;
    s.default_port = range_.first;
    if (with_range) s.range = range_;
    return s;
  }

  std::unique_ptr<PortManager> Manager(std::vector<ServiceConfig> services,
                                       bool persistent = false) {
    PortManagerOptions options;
    options.config.services = std::move(services);
    options.state_dir = state_dir_;
    options.persistent = persistent;
    absl::StatusOr<std::unique_ptr<PortManager>> manager =
        PortManager::Create(*backend_, options);
    EXPECT_TRUE(manager.ok()) << manager.status();
    return manager.ok() ? *std::move(manager) : nullptr;
  }

  std::unique_ptr<TestSocket> Hold(uint16_t port) {
    SocketSpec spec;
    spec.port = port;
    auto held = std::make_unique<TestSocket>(spec);
    EXPECT_TRUE(held->ok());
    return held;
  }

  uint16_t At(int i) const { return static_cast<uint16_t>(range_.first + i); }

  std::unique_ptr<Backend> backend_;
  PortRange range_;
  std::string state_dir_;
};

TEST_F(PortManagerTest, AllocatesTheDefaultPortWhenItIsFree) {
  std::unique_ptr<PortManager> ports = Manager({Service("web")});
  PortAllocation a = ports->Allocate("web");
  EXPECT_EQ(a.status, AllocationStatus::kAllocated) << a.message;
  EXPECT_EQ(a.service, "web");
  EXPECT_EQ(a.requested_port, At(0));
  EXPECT_EQ(a.allocated_port, At(0));
  EXPECT_EQ(a.message, absl::StrCat("allocated the default port ", At(0)));
  EXPECT_EQ(*ports->GetPort("web"), At(0));
  absl::StatusOr<std::vector<AllocationRecord>> records = ports->Allocations();
  ASSERT_TRUE(records.ok()) << records.status();
  ASSERT_EQ(records->size(), 1u);
  EXPECT_EQ((*records)[0].pid, getpid());
  EXPECT_FALSE((*records)[0].persistent);

  PortAllocation again = ports->Allocate("web");
  EXPECT_EQ(again.status, AllocationStatus::kAllocated);
  EXPECT_EQ(again.allocated_port, At(0));
  EXPECT_EQ(again.message, absl::StrCat("already allocated: port ", At(0)));
}

TEST_F(PortManagerTest, FallsBackWhenTheDefaultPortIsInUse) {
  std::unique_ptr<TestSocket> held = Hold(At(0));
  std::unique_ptr<PortManager> ports = Manager({Service("web")});
  PortAllocation a = ports->Allocate("web");
  EXPECT_EQ(a.status, AllocationStatus::kAllocated) << a.message;
  EXPECT_EQ(a.allocated_port, At(1));
  EXPECT_EQ(a.message, absl::StrCat("port ", At(0), " is in use; allocated ",
                                    At(1), " from ", range_.ToString()));
}

TEST_F(PortManagerTest, AllocatedPortsAreNotHandedOutTwice) {
  std::unique_ptr<PortManager> ports =
      Manager({Service("web"), Service("api"), Service("db")});
  EXPECT_EQ(ports->Allocate("web").allocated_port, At(0));
  PortAllocation api = ports->Allocate("api");
  EXPECT_EQ(api.allocated_port, At(1));
  EXPECT_EQ(api.message,
            absl::StrCat("port ", At(0), " is allocated to web; allocated ",
                         At(1), " from ", range_.ToString()));
  EXPECT_EQ(ports->Allocate("db").allocated_port, At(2));
}

TEST_F(PortManagerTest, AnExhaustedRangeIsInUse) {
  std::vector<std::unique_ptr<TestSocket>> held;
  for (int i = 0; i < 4; ++i) held.push_back(Hold(At(i)));
  std::unique_ptr<PortManager> ports =
      Manager({Service("web"), Service("solo", /*with_range=*/false)});
  PortAllocation a = ports->Allocate("web");
  EXPECT_EQ(a.status, AllocationStatus::kInUse);
  EXPECT_EQ(a.allocated_port, 0);
  EXPECT_EQ(a.message, absl::StrCat("port ", At(0), " is in use; no free tcp ",
                                    "port in ", range_.ToString(),
                                    " on localhost: 3 in use, 1 excluded"));
  PortAllocation solo = ports->Allocate("solo");
  EXPECT_EQ(solo.status, AllocationStatus::kInUse);
  EXPECT_EQ(solo.message, absl::StrCat("port ", At(0),
                                       " is in use and solo has no fallback "
                                       "range"));
  EXPECT_TRUE(ports->Allocations()->empty());
}

TEST_F(PortManagerTest, UnknownServicesAreErrors) {
  std::unique_ptr<PortManager> ports = Manager({Service("web")});
  PortAllocation a = ports->Allocate("nope");
  EXPECT_EQ(a.status, AllocationStatus::kError);
  EXPECT_EQ(a.message, "unknown service 'nope' (configured: web)");
  std::unique_ptr<PortManager> empty = Manager({});
  EXPECT_EQ(empty->Allocate("web").message,
            "unknown service 'web' (no services are configured)");
}

TEST_F(PortManagerTest, AllocateRequiredTakesOnlyRequiredServices) {
  ServiceConfig web = Service("web");
  web.required = true;
  ServiceConfig db = Service("db");
  db.required = true;
  std::unique_ptr<PortManager> ports = Manager({web, Service("api"), db});
  std::vector<PortAllocation> done = ports->AllocateRequired();
  ASSERT_EQ(done.size(), 2u);
  EXPECT_EQ(done[0].service, "web");
  EXPECT_EQ(done[0].allocated_port, At(0));
  EXPECT_EQ(done[1].service, "db");
  EXPECT_EQ(done[1].allocated_port, At(1));
  EXPECT_EQ(*ports->GetAllocatedPorts(),
            (std::map<std::string, uint16_t>{{"db", At(1)}, {"web", At(0)}}));
}

TEST_F(PortManagerTest, ReleaseAndReleaseAll) {
  std::unique_ptr<PortManager> ports =
      Manager({Service("web"), Service("api")});
  ports->Allocate("web");
  ports->Allocate("api");
  EXPECT_TRUE(ports->Release("web").ok());
  absl::Status again = ports->Release("web");
  EXPECT_TRUE(absl::IsNotFound(again)) << again;
  EXPECT_EQ(again.message(), "service 'web' has no port allocated");
  EXPECT_TRUE(absl::IsNotFound(ports->GetPort("web").status()));
  // The released port goes to the next asker.
  EXPECT_EQ(ports->Allocate("web").allocated_port, At(0));
  EXPECT_EQ(*ports->ReleaseAll(), 2);
  EXPECT_EQ(*ports->ReleaseAll(), 0);
}

TEST_F(PortManagerTest, EnvironmentVariablesAreUpperSnakeCase) {
  ServiceConfig vite = Service("vite-dev-server");
  std::unique_ptr<PortManager> ports = Manager({vite, Service("api")});
  ports->Allocate("vite-dev-server");
  ports->Allocate("api");
  EXPECT_EQ(*ports->EnvironmentVariables(),
            (std::map<std::string, std::string>{
                {"API_PORT", absl::StrCat(At(1))},
                {"VITE_DEV_SERVER_PORT", absl::StrCat(At(0))}}));
}

TEST_F(PortManagerTest, StatusShowsTheServerHoldingThePort) {
  std::unique_ptr<PortManager> ports = Manager({Service("web")});
  ports->Allocate("web");
  absl::StatusOr<std::vector<PortStatus>> idle = ports->GetStatus();
  ASSERT_TRUE(idle.ok()) << idle.status();
  ASSERT_EQ(idle->size(), 1u);
  EXPECT_FALSE((*idle)[0].in_use);
  EXPECT_TRUE((*idle)[0].listeners.empty());

  std::unique_ptr<TestSocket> server = Hold(At(0));
  absl::StatusOr<std::vector<PortStatus>> busy = ports->GetStatus();
  ASSERT_TRUE(busy.ok()) << busy.status();
  ASSERT_EQ(busy->size(), 1u);
  EXPECT_TRUE((*busy)[0].in_use);
  EXPECT_EQ((*busy)[0].OwnerPids(), std::vector<Pid>{getpid()});
  EXPECT_EQ((*busy)[0].allocation.service, "web");
}

TEST_F(PortManagerTest, ManagersSharingAStateDirectoryNeverCollide) {
  std::unique_ptr<PortManager> first = Manager({Service("web")});
  std::unique_ptr<PortManager> second = Manager({Service("api")});
  EXPECT_EQ(first->Allocate("web").allocated_port, At(0));
  EXPECT_EQ(second->Allocate("api").allocated_port, At(1));
  EXPECT_EQ(*second->GetPort("web"), At(0));
  // A manager without the service's configuration still sees and releases it.
  EXPECT_TRUE(second->Release("web").ok());
  EXPECT_TRUE(first->Allocations()->size() == 1u);
}

// Runs `allocate` in a child process that exits afterwards.
void InChild(const std::function<void()>& allocate) {
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    allocate();
    _exit(0);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

TEST_F(PortManagerTest, AllocationsOfAnExitedProcessLapseUnlessPersistent) {
  InChild([&] {
    std::unique_ptr<Backend> backend = NativeBackend();
    PortManagerOptions options;
    options.config.services = {Service("web")};
    options.state_dir = state_dir_;
    auto child = PortManager::Create(*backend, options);
    if (!child.ok() || (*child)->Allocate("web").allocated_port == 0) _exit(1);
  });
  std::unique_ptr<PortManager> ports = Manager({Service("web")});
  EXPECT_TRUE(ports->Allocations()->empty());
  EXPECT_EQ(ports->Allocate("web").message,
            absl::StrCat("allocated the default port ", At(0)));
  ASSERT_TRUE(ports->Release("web").ok());

  InChild([&] {
    std::unique_ptr<Backend> backend = NativeBackend();
    PortManagerOptions options;
    options.config.services = {Service("web")};
    options.state_dir = state_dir_;
    options.persistent = true;
    auto child = PortManager::Create(*backend, options);
    if (!child.ok() || (*child)->Allocate("web").allocated_port == 0) _exit(1);
  });
  absl::StatusOr<std::vector<AllocationRecord>> kept = ports->Allocations();
  ASSERT_TRUE(kept.ok()) << kept.status();
  ASSERT_EQ(kept->size(), 1u);
  EXPECT_TRUE((*kept)[0].persistent);
  EXPECT_EQ(ports->Allocate("web").message,
            absl::StrCat("already allocated: port ", At(0)));
}

TEST_F(PortManagerTest, AddServiceValidates) {
  std::unique_ptr<PortManager> ports = Manager({Service("web")});
  ServiceConfig bad = Service("api");
  bad.default_port = 0;
  EXPECT_EQ(ports->AddService(bad).message(),
            "services[1].default_port: 0 is not a port");
  EXPECT_EQ(ports->AddService(Service("web")).message(),
            "services[1].name: 'web' is defined twice (first in services[0])");
  EXPECT_TRUE(ports->AddService(Service("api")).ok());
  EXPECT_EQ(ports->config().services.size(), 2u);
  EXPECT_EQ(ports->Allocate("api").allocated_port, At(0));
}

TEST_F(PortManagerTest, MemoryStoreIsPrivateToTheManager) {
  PortManagerOptions options;
  options.config.services = {Service("web")};
  auto first = PortManager::Create(*backend_, options);
  auto second = PortManager::Create(*backend_, options);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ((*first)->Allocate("web").allocated_port, At(0));
  EXPECT_EQ((*second)->Allocate("web").allocated_port, At(0));
}

}  // namespace
}  // namespace pm
