// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// IP addresses and endpoints (address + port), IPv4 and IPv6, with parsing and
// the canonical text forms pm prints: 127.0.0.1:8080 and [::1]:8080.

#ifndef PM_CORE_IP_ADDRESS_H_
#define PM_CORE_IP_ADDRESS_H_

#include <array>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace pm {

enum class AddressFamily { kIpv4, kIpv6 };

// "IPv4" or "IPv6".
absl::string_view AddressFamilyName(AddressFamily family);

// An IPv4 or IPv6 address held in network byte order. A value type: copyable,
// comparable, no ownership. A default-constructed address is 0.0.0.0.
//
// Example:
//   absl::StatusOr<IpAddress> a = IpAddress::Parse("::ffff:127.0.0.1");
//   a->IsV4Mapped();        // true
//   a->ToString();          // "::ffff:127.0.0.1"
class IpAddress {
 public:
  IpAddress() = default;

  // Builds 0.0.0.0 or ::.
  static IpAddress Any(AddressFamily family);
  // Builds 127.0.0.1 or ::1.
  static IpAddress Loopback(AddressFamily family);
  // Builds an IPv4 address from its four bytes in network order (a.b.c.d).
  static IpAddress V4(std::array<uint8_t, 4> bytes);
  // Builds an IPv6 address from its sixteen bytes in network order.
  static IpAddress V6(const std::array<uint8_t, 16>& bytes);

  // Parses dotted-quad IPv4 or RFC 4291 IPv6 text ("::1", "fe80::1"; no
  // brackets, no zone). Returns InvalidArgument naming the text when it is
  // neither.
  static absl::StatusOr<IpAddress> Parse(absl::string_view text);

  AddressFamily family() const { return family_; }
  bool is_v4() const { return family_ == AddressFamily::kIpv4; }
  bool is_v6() const { return family_ == AddressFamily::kIpv6; }
  // The first 4 (IPv4) or 16 (IPv6) bytes are meaningful; the rest are zero.
  const std::array<uint8_t, 16>& bytes() const { return bytes_; }

  bool IsUnspecified() const;  // 0.0.0.0 or ::
  bool IsLoopback() const;     // 127.0.0.0/8 or ::1 (or ::ffff:127.x.y.z)
  bool IsV4Mapped() const;     // ::ffff:a.b.c.d
  // For a v4-mapped IPv6 address, the IPv4 address it maps; otherwise *this.
  IpAddress Unmapped() const;

  // "127.0.0.1", "::1", "::ffff:10.0.0.1" (RFC 5952 form for IPv6).
  std::string ToString() const;

  friend bool operator==(const IpAddress& a, const IpAddress& b) {
    return a.family_ == b.family_ && a.bytes_ == b.bytes_;
  }
  friend bool operator!=(const IpAddress& a, const IpAddress& b) {
    return !(a == b);
  }
  friend bool operator<(const IpAddress& a, const IpAddress& b) {
    if (a.family_ != b.family_) return a.family_ < b.family_;
    return a.bytes_ < b.bytes_;
  }

 private:
  AddressFamily family_ = AddressFamily::kIpv4;
  std::array<uint8_t, 16> bytes_{};
};

// An address and a port. A port of 0 means "any" (an unconnected remote end).
struct Endpoint {
  IpAddress address;
  uint16_t port = 0;

  // "127.0.0.1:8080", "[::1]:8080", "0.0.0.0:*" when port is 0 and
  // `star_for_zero` is set (the form used for a remote end that is not
  // connected).
  std::string ToString(bool star_for_zero = false) const;

  friend bool operator==(const Endpoint& a, const Endpoint& b) {
    return a.address == b.address && a.port == b.port;
  }
  friend bool operator!=(const Endpoint& a, const Endpoint& b) {
    return !(a == b);
  }
  friend bool operator<(const Endpoint& a, const Endpoint& b) {
    if (a.address != b.address) return a.address < b.address;
    return a.port < b.port;
  }
};

}  // namespace pm

#endif  // PM_CORE_IP_ADDRESS_H_
