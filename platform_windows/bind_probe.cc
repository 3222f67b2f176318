// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Winsock bind probes and reservations.

#include "platform_windows/bind_probe.h"

// winsock2.h must come before windows.h (included by win_api.h).
// clang-format off
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <winsock2.h>
#include <ws2tcpip.h>
// clang-format on

#include <cstring>
#include <mutex>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "platform_windows/win_api.h"

namespace pm::win {
namespace {

// Starts Winsock once per process; its result is kept for every later call.
absl::Status StartWinsock() {
  static std::once_flag once;
  static int result = 0;
  std::call_once(once, [] {
    WSADATA data;
    result = WSAStartup(MAKEWORD(2, 2), &data);
  });
  if (result == 0) return absl::OkStatus();
  return absl::UnavailableError(
      Win32Status(static_cast<DWORD>(result), "WSAStartup(2.2)").message());
}

std::string Subject(Protocol protocol, const Endpoint& local) {
  return absl::StrCat(ProtocolName(protocol), " ", local.ToString());
}

// The Status for a failed Winsock call; `in_use` for the codes that mean
// "another socket holds the port".
absl::Status SocketError(int error, const std::string& what) {
  std::string message(Win32Status(static_cast<DWORD>(error), what).message());
  switch (error) {
    case WSAEADDRINUSE:
    case WSAEACCES:
      return absl::AlreadyExistsError(message);
    case WSAEADDRNOTAVAIL:
      return absl::FailedPreconditionError(message);
    case WSAEAFNOSUPPORT:
    case WSAEPROTONOSUPPORT:
      return absl::UnimplementedError(message);
    case WSAENOBUFS:
    case WSAEMFILE:
      return absl::UnavailableError(message);
    case WSAEINVAL:
      return absl::InvalidArgumentError(message);
    default:
      return absl::InternalError(message);
  }
}

// Closes a SOCKET on scope exit unless released.
class ScopedSocket {
 public:
  explicit ScopedSocket(SOCKET s) : s_(s) {}
  ScopedSocket(const ScopedSocket&) = delete;
  ScopedSocket& operator=(const ScopedSocket&) = delete;
  ~ScopedSocket() {
    if (s_ != INVALID_SOCKET) closesocket(s_);
  }
  SOCKET get() const { return s_; }
  SOCKET release() {
    SOCKET s = s_;
    s_ = INVALID_SOCKET;
    return s;
  }

 private:
  SOCKET s_;
};

enum class Mode { kProbe, kReserve };

absl::StatusOr<SOCKET> BindSocket(Protocol protocol, const Endpoint& local,
                                  Mode mode) {
  absl::Status started = StartWinsock();
  if (!started.ok()) return started;
  const bool v4 = local.address.is_v4();
  const bool tcp = protocol == Protocol::kTcp;
  const std::string subject = Subject(protocol, local);
  ScopedSocket s(WSASocketW(
      v4 ? AF_INET : AF_INET6, tcp ? SOCK_STREAM : SOCK_DGRAM,
      tcp ? IPPROTO_TCP : IPPROTO_UDP, nullptr, 0, WSA_FLAG_NO_HANDLE_INHERIT));
  if (s.get() == INVALID_SOCKET) {
    const int error = WSAGetLastError();
    return SocketError(error, absl::StrCat("WSASocketW(", subject, ")"));
  }
  const DWORD on = 1;
  const DWORD off = 0;
  if (mode == Mode::kReserve &&
      setsockopt(s.get(), SOL_SOCKET, SO_EXCLUSIVEADDRUSE,
                 reinterpret_cast<const char*>(&on), sizeof(on)) != 0) {
    const int error = WSAGetLastError();
    return SocketError(
        error, absl::StrCat("setsockopt(SO_EXCLUSIVEADDRUSE, ", subject, ")"));
  }
  if (!v4 &&
      setsockopt(s.get(), IPPROTO_IPV6, IPV6_V6ONLY,
                 reinterpret_cast<const char*>(&off), sizeof(off)) != 0) {
    const int error = WSAGetLastError();
    return SocketError(error,
                       absl::StrCat("setsockopt(IPV6_V6ONLY, ", subject, ")"));
  }
  sockaddr_storage storage{};
  int length = 0;
  if (v4) {
    sockaddr_in sin{};
    sin.sin_family = AF_INET;
    sin.sin_port = htons(local.port);
    std::memcpy(&sin.sin_addr, local.address.bytes().data(), 4);
    std::memcpy(&storage, &sin, sizeof(sin));
    length = sizeof(sin);
  } else {
    sockaddr_in6 sin6{};
    sin6.sin6_family = AF_INET6;
    sin6.sin6_port = htons(local.port);
    std::memcpy(&sin6.sin6_addr, local.address.bytes().data(), 16);
    std::memcpy(&storage, &sin6, sizeof(sin6));
    length = sizeof(sin6);
  }
  if (bind(s.get(), reinterpret_cast<const sockaddr*>(&storage), length) != 0) {
    const int error = WSAGetLastError();
    return SocketError(error, absl::StrCat("bind(", subject, ")"));
  }
  if (mode == Mode::kReserve && tcp && listen(s.get(), 1) != 0) {
    const int error = WSAGetLastError();
    return SocketError(error, absl::StrCat("listen(", subject, ")"));
  }
  return s.release();
}

// The port getsockname() reports, or `fallback`'s.
Endpoint BoundEndpoint(SOCKET s, const Endpoint& fallback) {
  sockaddr_storage storage{};
  int length = sizeof(storage);
  Endpoint out = fallback;
  if (getsockname(s, reinterpret_cast<sockaddr*>(&storage), &length) != 0) {
    return out;
  }
  if (storage.ss_family == AF_INET) {
    out.port = ntohs(reinterpret_cast<const sockaddr_in*>(&storage)->sin_port);
  } else if (storage.ss_family == AF_INET6) {
    out.port =
        ntohs(reinterpret_cast<const sockaddr_in6*>(&storage)->sin6_port);
  }
  return out;
}

class WinsockReservation final : public PortReservation {
 public:
  WinsockReservation(SOCKET s, Protocol protocol, Endpoint local)
      : s_(s), protocol_(protocol), local_(local) {}
  WinsockReservation(const WinsockReservation&) = delete;
  WinsockReservation& operator=(const WinsockReservation&) = delete;
  ~WinsockReservation() override {
    if (s_ != INVALID_SOCKET) closesocket(s_);
  }

  Protocol protocol() const override { return protocol_; }
  Endpoint local() const override { return local_; }
  uintptr_t native_handle() const override {
    return static_cast<uintptr_t>(s_);
  }
  uintptr_t Release() override {
    SOCKET s = s_;
    s_ = INVALID_SOCKET;
    return static_cast<uintptr_t>(s);
  }

 private:
  SOCKET s_;
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
  absl::StatusOr<SOCKET> s = BindSocket(protocol, local, Mode::kProbe);
  if (absl::IsAlreadyExists(s.status())) return BindOutcome::kInUse;
  if (!s.ok()) return s.status();
  closesocket(*s);
  return BindOutcome::kFree;
}

absl::StatusOr<std::unique_ptr<PortReservation>> Reserve(
    Protocol protocol, const Endpoint& local) {
  absl::StatusOr<SOCKET> s = BindSocket(protocol, local, Mode::kReserve);
  if (!s.ok()) return s.status();
  return std::unique_ptr<PortReservation>(std::make_unique<WinsockReservation>(
      *s, protocol, BoundEndpoint(*s, local)));
}

}  // namespace pm::win
