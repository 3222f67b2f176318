// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Test support for the port operations: sockets the test itself holds (TCP
// and UDP, IPv4, IPv6 and dual-stack), free ports and blocks of ports, and the
// native backend.

#ifndef PM_CORE_PORT_TEST_SOCKETS_H_
#define PM_CORE_PORT_TEST_SOCKETS_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/backend.h"
#include "core/port_range.h"
#include "core/socket.h"

namespace pm::testing {

// How to make a TestSocket.
struct SocketSpec {
  std::string address = "127.0.0.1";
  Protocol protocol = Protocol::kTcp;
  uint16_t port = 0;      // 0: any.
  bool listen = true;     // TCP only: listen() after bind().
  bool v6only = true;     // IPv6 only: IPV6_V6ONLY.
  bool reuseaddr = true;  // SO_REUSEADDR, as servers set it.
};

// A socket this test holds; closed on destruction. Construction records a gtest
// failure (and leaves ok() false) when the socket cannot be made.
class TestSocket {
 public:
  explicit TestSocket(const SocketSpec& spec);
  TestSocket(const TestSocket&) = delete;
  TestSocket& operator=(const TestSocket&) = delete;
  ~TestSocket();

  bool ok() const { return fd_ >= 0 && port_ != 0; }
  uint16_t port() const { return port_; }
  int fd() const { return fd_; }
  void Close();

 private:
  int fd_ = -1;
  uint16_t port_ = 0;
};

// Tries to hold `spec` and returns null (no failure recorded) when the bind
// fails: for grabbing ports that may be taken.
std::unique_ptr<TestSocket> TryHold(const SocketSpec& spec);

// A port that was free for TCP on every address a moment ago, taken below the
// ephemeral range (UnusedRange(1)) so that no bind(0) or connect() elsewhere
// on the machine is handed it while the test uses it.
uint16_t UnusedPort();

// `count` consecutive ports below the ephemeral range, each free for TCP on
// 127.0.0.1, ::1, 0.0.0.0 and :: when returned. Records a failure and returns
// {0, 0} if none is found.
PortRange UnusedRange(int count);

// The native backend (CreateDefaultBackend()); records a failure on error.
std::unique_ptr<Backend> NativeBackend();

}  // namespace pm::testing

#endif  // PM_CORE_PORT_TEST_SOCKETS_H_
