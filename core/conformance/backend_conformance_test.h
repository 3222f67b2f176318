// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// The fixture of the backend conformance suite: one value-parameterized test
// class, written once against core's interfaces, that every backend passes.
//
// Capability libraries (:ports_conformance, :processes_conformance, ...) define
// TEST_P(BackendConformanceTest, ...) cases; each backend's test file holds
// only its instantiation, e.g. platform_linux/linux_conformance_test.cc:
//
//   INSTANTIATE_TEST_SUITE_P(
//       Linux, BackendConformanceTest,
//       ::testing::Values(BackendParam{"procfs", [] {
//         BackendOptions options;
//         options.socket_source = SocketSource::kProcNet;
//         return CreateDefaultBackend(options);
//       }}),
//       NameFromParam);
//
// Live cases run //core/conformance:listener_helper (in the test's data)
// through ListenerHelper and assert exact answers about its PID and sockets.

#ifndef PM_CORE_CONFORMANCE_BACKEND_CONFORMANCE_TEST_H_
#define PM_CORE_CONFORMANCE_BACKEND_CONFORMANCE_TEST_H_

#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/backend.h"
#include "core/conformance/listener_helper_process.h"
#include "core/find_owners.h"
#include "core/ip_address.h"
#include "core/process.h"
#include "core/socket.h"
#include "gtest/gtest.h"

namespace pm::conformance {

// One backend under test: a name for test names ("netlink") and a factory
// called once per test case.
struct BackendParam {
  std::string name;
  std::function<absl::StatusOr<std::unique_ptr<Backend>>()> make;
};

// Prints the name only (gtest would otherwise dump the std::function's bytes).
void PrintTo(const BackendParam& param, std::ostream* os);

// The test-name suffix for INSTANTIATE_TEST_SUITE_P: the param's name.
std::string NameFromParam(const ::testing::TestParamInfo<BackendParam>& info);

// Creates the backend in SetUp (failing the case if the factory fails) and
// starts helper processes for the cases. Not thread-safe, like any gtest
// fixture.
class BackendConformanceTest : public ::testing::TestWithParam<BackendParam> {
 protected:
  void SetUp() override;

  Backend& backend() { return *backend_; }

  // Starts listener_helper with `flags`; on failure records a test failure with
  // the status and returns null (so: ASSERT_NE(helper, nullptr)).
  std::unique_ptr<ListenerHelper> StartHelper(std::vector<std::string> flags);

 private:
  std::unique_ptr<Backend> backend_;
};

// A query for one protocol and one address family, every state, with owners.
SocketQuery OnlyQuery(Protocol protocol, AddressFamily family);

// The sockets of a FindOwners result.
std::vector<Socket> SocketsOf(const std::vector<OwnedSocket>& owned);

// The sockets among `sockets` that `pid` holds.
std::vector<Socket> HeldBy(const std::vector<Socket>& sockets, Pid pid);

// A socket as a test expects it: visibility kVisible when `owners` is
// non-empty, else kNoOwner; uid and inode unset.
Socket ExpectedSocket(Protocol protocol, Endpoint local, Endpoint remote,
                      SocketState state, std::vector<Pid> owners);

// The unconnected remote end of `family` (0.0.0.0:0 or [::]:0).
Endpoint NoRemote(AddressFamily family);

// "tcp 127.0.0.1:8080 -> 0.0.0.0:0 LISTEN visible [42]", plus " inode=N" when
// `with_inode`: what cases compare, so a mismatch prints readably.
std::string DescribeSocket(const Socket& socket, bool with_inode = false);
std::vector<std::string> DescribeSockets(const std::vector<Socket>& sockets,
                                         bool with_inode = false);

// Expects the invariants every socket record satisfies (psutil
// check_connection_ntuple): a state valid for the protocol; a non-zero local
// port (except a TCP socket in CLOSE); local and remote of the same family; the
// remote unset for LISTEN/UNCONN and set (non-zero port) for connected states;
// owners positive, sorted and unique; visibility consistent with owners
// (kVisible has owners, kNoOwner and kNotResolved have none, TIME_WAIT is never
// owned).
void ExpectValidSocket(const Socket& socket);

}  // namespace pm::conformance

#endif  // PM_CORE_CONFORMANCE_BACKEND_CONFORMANCE_TEST_H_
