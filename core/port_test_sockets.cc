// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// TestSocket and friends over POSIX sockets.

#include "core/port_test_sockets.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>

#include "absl/status/statusor.h"
#include "gtest/gtest.h"

namespace pm::testing {
namespace {

// Makes the socket; returns -1 and sets *error on failure.
int MakeSocket(const SocketSpec& spec, uint16_t* port, std::string* error) {
  absl::StatusOr<IpAddress> ip = IpAddress::Parse(spec.address);
  if (!ip.ok()) {
    *error = std::string(ip.status().message());
    return -1;
  }
  const bool tcp = spec.protocol == Protocol::kTcp;
  int fd = socket(ip->is_v4() ? AF_INET : AF_INET6,
                  (tcp ? SOCK_STREAM : SOCK_DGRAM) | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    *error = std::strerror(errno);
    return -1;
  }
  int on = 1;
  int v6only = spec.v6only ? 1 : 0;
  if (spec.reuseaddr) {
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
  }
  if (ip->is_v6()) {
    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, sizeof(v6only));
  }
  sockaddr_storage ss{};
  socklen_t len;
  if (ip->is_v4()) {
    auto* sin = reinterpret_cast<sockaddr_in*>(&ss);
    sin->sin_family = AF_INET;
    sin->sin_port = htons(spec.port);
    std::memcpy(&sin->sin_addr, ip->bytes().data(), 4);
    len = sizeof(sockaddr_in);
  } else {
    auto* sin6 = reinterpret_cast<sockaddr_in6*>(&ss);
    sin6->sin6_family = AF_INET6;
    sin6->sin6_port = htons(spec.port);
    std::memcpy(&sin6->sin6_addr, ip->bytes().data(), 16);
    len = sizeof(sockaddr_in6);
  }
  if (bind(fd, reinterpret_cast<sockaddr*>(&ss), len) != 0 ||
      (tcp && spec.listen && listen(fd, 64) != 0) ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len) != 0) {
    *error = std::strerror(errno);
    close(fd);
    return -1;
  }
  *port = ntohs(ip->is_v4() ? reinterpret_cast<sockaddr_in*>(&ss)->sin_port
                            : reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port);
  return fd;
}

}  // namespace

TestSocket::TestSocket(const SocketSpec& spec) {
  std::string error;
  fd_ = MakeSocket(spec, &port_, &error);
  EXPECT_GE(fd_, 0) << "holding " << ProtocolName(spec.protocol) << " "
                    << spec.address << ":" << spec.port << ": " << error;
}

TestSocket::~TestSocket() { Close(); }

void TestSocket::Close() {
  if (fd_ >= 0) close(fd_);
  fd_ = -1;
}

std::unique_ptr<TestSocket> TryHold(const SocketSpec& spec) {
  std::string error;
  uint16_t port = 0;
  int fd = MakeSocket(spec, &port, &error);
  if (fd < 0) return nullptr;
  close(fd);
  return std::make_unique<TestSocket>(spec);
}

uint16_t UnusedPort() { return UnusedRange(1).first; }

PortRange UnusedRange(int count) {
  std::mt19937 random(static_cast<unsigned>(getpid()));
  // Why: below Linux's default ephemeral range (32768-60999), so outgoing
  // connections do not land in it while the test runs.
  std::uniform_int_distribution<int> base(20000, 32000 - count);
  for (int attempt = 0; attempt < 50; ++attempt) {
    const int first = base(random);
    bool all_free = true;
    for (int port = first; port < first + count && all_free; ++port) {
      for (const char* address : {"0.0.0.0", "::"}) {
        SocketSpec spec;
        spec.address = address;
        spec.port = static_cast<uint16_t>(port);
        spec.listen = false;
        spec.reuseaddr = false;
        spec.v6only = false;
        uint16_t bound = 0;
        std::string error;
        int fd = MakeSocket(spec, &bound, &error);
        if (fd < 0) {
          all_free = false;
          break;
        }
        close(fd);
      }
    }
    if (all_free) {
      return PortRange{static_cast<uint16_t>(first),
                       static_cast<uint16_t>(first + count - 1)};
    }
  }
  ADD_FAILURE() << "no " << count << " consecutive free ports found";
  return PortRange{0, 0};
}

std::unique_ptr<Backend> NativeBackend() {
  absl::StatusOr<std::unique_ptr<Backend>> backend = CreateDefaultBackend();
  EXPECT_TRUE(backend.ok()) << backend.status();
  if (!backend.ok()) return nullptr;
  return *std::move(backend);
}

}  // namespace pm::testing
