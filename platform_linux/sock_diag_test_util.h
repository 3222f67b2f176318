// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Loopback sockets on ports no other socket shares, for the live sock_diag
// tests.

#ifndef PM_PLATFORM_LINUX_SOCK_DIAG_TEST_UTIL_H_
#define PM_PLATFORM_LINUX_SOCK_DIAG_TEST_UTIL_H_

#include <cstdint>

#include "core/ip_address.h"

namespace pm::procfs::testing {

// Owns a file descriptor, closed on destruction. Movable.
class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  Fd(Fd&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  Fd& operator=(Fd&& other) noexcept;
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd();
  int get() const { return fd_; }

 private:
  int fd_;
};

// Returns a port that no TCP and no UDP socket of any family holds now (both
// bind to [::]:P dual-stack), or 0 after 100 tries. Sockets bound to it have
// their port to themselves, so a query by port has an exact answer even while
// a benchmark load holds thousands of loopback listeners on kernel-picked
// ports.
uint16_t CleanPort();

// A TCP (SOCK_STREAM, listening when `listen`) or UDP (SOCK_DGRAM) socket
// bound to 127.0.0.1 (AF_INET) or ::1 (AF_INET6) port `port`; Fd(-1) on
// error, errno set.
Fd LoopbackSocket(int family, int type, uint16_t port, bool listen = true);

// The socket's local endpoint, or with `peer` its remote one ({} on error).
Endpoint EndpointOf(int fd, bool peer = false);

// The socket's inode number (what sock_diag reports), 0 on error.
uint64_t SocketInode(int fd);

}  // namespace pm::procfs::testing

#endif  // PM_PLATFORM_LINUX_SOCK_DIAG_TEST_UTIL_H_
