// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Parsing of /proc/net/{tcp,tcp6,udp,udp6} text into Socket records.

#include "platform_linux/proc_net_parser.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace pm::procfs {
namespace {

// Index of each field read, counted from 0 ("sl:") on a whitespace split.
constexpr size_t kSlField = 0;
constexpr size_t kLocalField = 1;
constexpr size_t kRemoteField = 2;
constexpr size_t kStateField = 3;
constexpr size_t kUidField = 7;
constexpr size_t kInodeField = 9;
constexpr size_t kMinFields = kInodeField + 1;

int HexDigitValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Parses 1-16 digits in `base` (10 or 16) with nothing else around them.
// Returns an empty optional and sets `why` when the text is not such a number.
std::optional<uint64_t> ParseNumber(absl::string_view text, int base,
                                    std::string* why) {
  if (text.empty()) {
    *why = "empty";
    return std::nullopt;
  }
  const size_t max_digits = base == 16 ? 16 : 19;  // Both fit in 64 bits.
  if (text.size() > max_digits) {
    *why = absl::StrCat("more than ", max_digits, " digits");
    return std::nullopt;
  }
  uint64_t value = 0;
  for (char c : text) {
    int d = HexDigitValue(c);
    if (d < 0 || d >= base) {
      *why = absl::StrCat("'", absl::string_view(&c, 1), "' is not a ",
                          base == 16 ? "hex" : "decimal", " digit");
      return std::nullopt;
    }
    value = value * static_cast<uint64_t>(base) + static_cast<uint64_t>(d);
  }
  return value;
}

absl::Status FieldError(absl::string_view field, absl::string_view text,
                        absl::string_view why) {
  return absl::InvalidArgumentError(
      absl::StrCat(field, " '", text, "': ", why));
}

// Decodes the hex address part: 8 digits (IPv4) or 32 (IPv6), each group of 8 a
// 32-bit word printed from little-endian memory, so its bytes come reversed.
absl::StatusOr<IpAddress> ParseHexAddress(absl::string_view field,
                                          absl::string_view endpoint,
                                          absl::string_view text,
                                          AddressFamily family) {
  const size_t want = family == AddressFamily::kIpv4 ? 8 : 32;
  if (text.size() != want) {
    return FieldError(
        field, endpoint,
        absl::StrCat("expected ", want, " hex digits for ",
                     AddressFamilyName(family), ", got ", text.size()));
  }
  std::array<uint8_t, 16> bytes{};
  for (size_t word = 0; word < want / 8; ++word) {
    std::string why;
    std::optional<uint64_t> v = ParseNumber(text.substr(word * 8, 8), 16, &why);
    if (!v) return FieldError(field, endpoint, why);
    for (size_t i = 0; i < 4; ++i) {
      bytes[word * 4 + i] = static_cast<uint8_t>(*v >> (8 * i));
    }
  }
  if (family == AddressFamily::kIpv4) {
    return IpAddress::V4({bytes[0], bytes[1], bytes[2], bytes[3]});
  }
  return IpAddress::V6(bytes);
}

// Parses "ADDRESS:PORT" as the kernel prints it.
absl::StatusOr<Endpoint> ParseEndpoint(absl::string_view field,
                                       absl::string_view text,
                                       AddressFamily family) {
  size_t colon = text.find(':');
  if (colon == absl::string_view::npos ||
      text.find(':', colon + 1) != absl::string_view::npos) {
    return FieldError(field, text, "expected ADDRESS:PORT in hex");
  }
  absl::StatusOr<IpAddress> address =
      ParseHexAddress(field, text, text.substr(0, colon), family);
  if (!address.ok()) return address.status();
  std::string why;
  std::optional<uint64_t> port = ParseNumber(text.substr(colon + 1), 16, &why);
  if (!port) return FieldError(field, text, absl::StrCat("port: ", why));
  if (*port > 0xFFFF) return FieldError(field, text, "port above 0xFFFF");
  return Endpoint{*address, static_cast<uint16_t>(*port)};
}

SocketState StateFromNumber(Protocol protocol, uint64_t st) {
  if (protocol == Protocol::kUdp) {
    if (st == 0x07) return SocketState::kUnconnected;  // TCP_CLOSE
    if (st == 0x01) return SocketState::kEstablished;  // TCP_ESTABLISHED
    return SocketState::kUnknown;
  }
  if (st >= 0x01 && st <= 0x0C) return static_cast<SocketState>(st);
  return SocketState::kUnknown;
}

}  // namespace

absl::string_view ProcNetFileName(Protocol protocol, AddressFamily family) {
  if (protocol == Protocol::kTcp) {
    return family == AddressFamily::kIpv4 ? "tcp" : "tcp6";
  }
  return family == AddressFamily::kIpv4 ? "udp" : "udp6";
}

absl::StatusOr<Socket> ParseProcNetLine(absl::string_view line,
                                        Protocol protocol,
                                        AddressFamily family) {
  std::vector<absl::string_view> fields =
      absl::StrSplit(line, absl::ByAnyChar(" \t\r"), absl::SkipEmpty());
  if (fields.size() < kMinFields) {
    return absl::InvalidArgumentError(absl::StrCat(
        "expected at least ", kMinFields, " fields, got ", fields.size()));
  }
  absl::string_view sl = fields[kSlField];
  std::string why;
  if (sl.size() < 2 || sl.back() != ':' ||
      !ParseNumber(sl.substr(0, sl.size() - 1), 10, &why)) {
    return FieldError("sl", sl, "expected a decimal number and ':'");
  }

  Socket socket;
  socket.protocol = protocol;
  absl::StatusOr<Endpoint> local =
      ParseEndpoint("local address", fields[kLocalField], family);
  if (!local.ok()) return local.status();
  socket.local = *local;
  absl::StatusOr<Endpoint> remote =
      ParseEndpoint("remote address", fields[kRemoteField], family);
  if (!remote.ok()) return remote.status();
  socket.remote = *remote;

  std::optional<uint64_t> st = ParseNumber(fields[kStateField], 16, &why);
  if (!st) return FieldError("state", fields[kStateField], why);
  socket.state = StateFromNumber(protocol, *st);

  std::optional<uint64_t> uid = ParseNumber(fields[kUidField], 10, &why);
  if (!uid) return FieldError("uid", fields[kUidField], why);
  if (*uid > UINT32_MAX) {
    return FieldError("uid", fields[kUidField], "above 2^32-1");
  }
  socket.uid = static_cast<Uid>(*uid);

  std::optional<uint64_t> inode = ParseNumber(fields[kInodeField], 10, &why);
  if (!inode) return FieldError("inode", fields[kInodeField], why);
  socket.inode = *inode;
  return socket;
}

absl::StatusOr<std::vector<Socket>> ParseProcNet(
    absl::string_view text, Protocol protocol, AddressFamily family,
    absl::string_view source_name) {
  std::string name =
      source_name.empty()
          ? absl::StrCat("/proc/net/", ProcNetFileName(protocol, family))
          : std::string(source_name);
  std::vector<absl::string_view> lines = absl::StrSplit(text, '\n');
  absl::string_view header = absl::StripLeadingAsciiWhitespace(lines[0]);
  if (!absl::StartsWith(header, "sl")) {
    return absl::InvalidArgumentError(absl::StrCat(
        name, " line 1: expected the header (\"sl  local_address ...\"), got '",
        lines[0].substr(0, 40), "'"));
  }
  std::vector<Socket> sockets;
  for (size_t i = 1; i < lines.size(); ++i) {
    if (absl::StripAsciiWhitespace(lines[i]).empty()) continue;
    absl::StatusOr<Socket> socket =
        ParseProcNetLine(lines[i], protocol, family);
    if (!socket.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(name, " line ", i + 1, ": ", socket.status().message()));
    }
    sockets.push_back(*std::move(socket));
  }
  return sockets;
}

}  // namespace pm::procfs
