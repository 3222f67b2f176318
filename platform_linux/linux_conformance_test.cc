// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// The backend conformance suite (//core/conformance) run against the Linux
// backend, once per socket source: sock_diag netlink and /proc/net.

#include "core/backend.h"
#include "core/conformance/backend_conformance_test.h"
#include "gtest/gtest.h"

namespace pm::conformance {
namespace {

BackendParam LinuxBackend(std::string name, SocketSource source) {
  return BackendParam{std::move(name), [source] {
                        BackendOptions options;
                        options.socket_source = source;
                        return CreateDefaultBackend(options);
                      }};
}

INSTANTIATE_TEST_SUITE_P(
    Linux, BackendConformanceTest,
    ::testing::Values(LinuxBackend("netlink", SocketSource::kNetlink),
                      LinuxBackend("procfs", SocketSource::kProcNet)),
    NameFromParam);

}  // namespace
}  // namespace pm::conformance
