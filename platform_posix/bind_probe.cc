// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// socket(2) + bind(2) probes and reservations.

#include "platform_posix/bind_probe.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cstring>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "platform_posix/errno_status.h"

namespace pm::posix {
namespace {

// Why: macOS has no SOCK_CLOEXEC; there FD_CLOEXEC is set by fcntl instead.
#ifdef SOCK_CLOEXEC
constexpr int kSocketCloexec = SOCK_CLOEXEC;
#else
constexpr int kSocketCloexec = 0;
#endif

// Closes a descriptor on scope exit unless released.
class ScopedFd {
 public:
  explicit ScopedFd(int fd) : fd_(fd) {}
  ScopedFd(const ScopedFd&) = delete;
  ScopedFd& operator=(const ScopedFd&) = delete;
  ~ScopedFd() {
    if (fd_ >= 0) close(fd_);
  }
  int get() const { return fd_; }
  int release() {
    int fd = fd_;
    fd_ = -1;
    return fd;
  }

 private:
  int fd_;
};

struct SockAddr {
  sockaddr_storage storage{};
  socklen_t length = 0;
};

SockAddr ToSockAddr(const Endpoint& local) {
  SockAddr out;
  if (local.address.is_v4()) {
    sockaddr_in sin{};
    sin.sin_family = AF_INET;
    sin.sin_port = htons(local.port);
    std::memcpy(&sin.sin_addr, local.address.bytes().data(), 4);
    std::memcpy(&out.storage, &sin, sizeof(sin));
    out.length = sizeof(sin);
  } else {
    sockaddr_in6 sin6{};
    sin6.sin6_family = AF_INET6;
    sin6.sin6_port = htons(local.port);
    std::memcpy(&sin6.sin6_addr, local.address.bytes().data(), 16);
    std::memcpy(&out.storage, &sin6, sizeof(sin6));
    out.length = sizeof(sin6);
  }
  return out;
}

// The endpoint getsockname() reports, or `fallback` if it fails.
Endpoint BoundEndpoint(int fd, const Endpoint& fallback) {
  sockaddr_storage storage{};
  socklen_t length = sizeof(storage);
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&storage), &length) != 0) {
    return fallback;
  }
  Endpoint out = fallback;
  if (storage.ss_family == AF_INET) {
    sockaddr_in sin;
    std::memcpy(&sin, &storage, sizeof(sin));
    out.port = ntohs(sin.sin_port);
  } else if (storage.ss_family == AF_INET6) {
    sockaddr_in6 sin6;
    std::memcpy(&sin6, &storage, sizeof(sin6));
    out.port = ntohs(sin6.sin6_port);
  }
  return out;
}

std::string Subject(Protocol protocol, const Endpoint& local) {
  return absl::StrCat(ProtocolName(protocol), " ", local.ToString());
}

// The Status for a failed bind/listen: EADDRNOTAVAIL means "not an address of
// this machine" (FailedPrecondition), the rest as ErrnoToStatus maps them
// (EADDRINUSE is AlreadyExists).
absl::Status BindError(int error, const std::string& what) {
  absl::Status status = ErrnoToStatus(error, what);
  if (error == EADDRNOTAVAIL) {
    return absl::FailedPreconditionError(status.message());
  }
  return status;
}

enum class Mode { kProbe, kReserve };

// Makes, configures and binds the socket (and listens, for a TCP
// reservation). Returns the descriptor, owned by the caller.
absl::StatusOr<int> BindSocket(Protocol protocol, const Endpoint& local,
                               Mode mode) {
  const bool v4 = local.address.is_v4();
  const bool tcp = protocol == Protocol::kTcp;
  const std::string subject = Subject(protocol, local);
  ScopedFd fd(socket(v4 ? AF_INET : AF_INET6,
                     (tcp ? SOCK_STREAM : SOCK_DGRAM) | kSocketCloexec, 0));
  if (fd.get() < 0) {
    const int error = errno;
    return ErrnoToStatus(error, absl::StrCat("socket(", subject, ")"));
  }
  if (kSocketCloexec == 0 && fcntl(fd.get(), F_SETFD, FD_CLOEXEC) != 0) {
    const int error = errno;
    return ErrnoToStatus(error,
                         absl::StrCat("fcntl(FD_CLOEXEC, ", subject, ")"));
  }
  const int on = 1;
  const int off = 0;
  if (tcp &&
      setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) != 0) {
    const int error = errno;
    return ErrnoToStatus(
        error, absl::StrCat("setsockopt(SO_REUSEADDR, ", subject, ")"));
  }
  if (!v4 &&
      setsockopt(fd.get(), IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off)) != 0) {
    const int error = errno;
    return ErrnoToStatus(
        error, absl::StrCat("setsockopt(IPV6_V6ONLY, ", subject, ")"));
  }
  SockAddr address = ToSockAddr(local);
  if (bind(fd.get(), reinterpret_cast<const sockaddr*>(&address.storage),
           address.length) != 0) {
    const int error = errno;
    return BindError(error, absl::StrCat("bind(", subject, ")"));
  }
  if (mode == Mode::kReserve && tcp && listen(fd.get(), 1) != 0) {
    const int error = errno;
    return BindError(error, absl::StrCat("listen(", subject, ")"));
  }
  return fd.release();
}

class PosixReservation final : public PortReservation {
 public:
  PosixReservation(int fd, Protocol protocol, Endpoint local)
      : fd_(fd), protocol_(protocol), local_(local) {}
  PosixReservation(const PosixReservation&) = delete;
  PosixReservation& operator=(const PosixReservation&) = delete;
  ~PosixReservation() override {
    if (fd_ >= 0) close(fd_);
  }

  Protocol protocol() const override { return protocol_; }
  Endpoint local() const override { return local_; }
  uintptr_t native_handle() const override {
    return static_cast<uintptr_t>(fd_);
  }
  uintptr_t Release() override {
    int fd = fd_;
    fd_ = -1;
    return static_cast<uintptr_t>(fd);
  }

 private:
  int fd_;
  Protocol protocol_;
  Endpoint local_;
};

}  // namespace

absl::StatusOr<BindOutcome> ProbeBind(Protocol protocol,
                                      const Endpoint& local) {
  if (local.port == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot probe ", Subject(protocol, local),
                     ": port 0 asks for any port and is always free"));
  }
  absl::StatusOr<int> fd = BindSocket(protocol, local, Mode::kProbe);
  if (absl::IsAlreadyExists(fd.status())) return BindOutcome::kInUse;
  if (!fd.ok()) return fd.status();
  close(*fd);
  return BindOutcome::kFree;
}

absl::StatusOr<std::unique_ptr<PortReservation>> Reserve(
    Protocol protocol, const Endpoint& local) {
  absl::StatusOr<int> fd = BindSocket(protocol, local, Mode::kReserve);
  if (!fd.ok()) return fd.status();
  return std::unique_ptr<PortReservation>(std::make_unique<PosixReservation>(
      *fd, protocol, BoundEndpoint(*fd, local)));
}

}  // namespace pm::posix
