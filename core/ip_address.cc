// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Parsing and printing of IP addresses, written in portable C++ (no inet_pton),
// so the same text forms come out on every OS.

#include "core/ip_address.h"

#include <algorithm>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"

namespace pm {
namespace {

absl::Status BadAddress(absl::string_view text, absl::string_view why) {
  return absl::InvalidArgumentError(
      absl::StrCat("'", text, "' is not an IP address: ", why));
}

// Parses "a.b.c.d" into four bytes.
bool ParseDottedQuad(absl::string_view text, uint8_t out[4]) {
  std::vector<absl::string_view> parts = absl::StrSplit(text, '.');
  if (parts.size() != 4) return false;
  for (int i = 0; i < 4; ++i) {
    absl::string_view p = parts[i];
    if (p.empty() || p.size() > 3) return false;
    if (!std::all_of(p.begin(), p.end(),
                     [](char c) { return c >= '0' && c <= '9'; })) {
      return false;
    }
    if (p.size() > 1 && p[0] == '0') return false;  // no octal-looking forms
    uint32_t v = 0;
    if (!absl::SimpleAtoi(p, &v) || v > 255) return false;
    out[i] = static_cast<uint8_t>(v);
  }
  return true;
}

bool ParseHexGroup(absl::string_view p, uint16_t* out) {
  if (p.empty() || p.size() > 4) return false;
  uint32_t v = 0;
  for (char c : p) {
    v <<= 4;
    if (c >= '0' && c <= '9') {
      v |= static_cast<uint32_t>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      v |= static_cast<uint32_t>(c - 'a' + 10);
    } else if (c >= 'A' && c <= 'F') {
      v |= static_cast<uint32_t>(c - 'A' + 10);
    } else {
      return false;
    }
  }
  *out = static_cast<uint16_t>(v);
  return true;
}

// Parses the groups on one side of "::" (possibly ending in a dotted quad when
// `allow_v4_tail`) into 16-bit words.
bool ParseGroups(absl::string_view text, bool allow_v4_tail,
                 std::vector<uint16_t>* words) {
  if (text.empty()) return true;
  std::vector<absl::string_view> parts = absl::StrSplit(text, ':');
  for (size_t i = 0; i < parts.size(); ++i) {
    if (allow_v4_tail && i + 1 == parts.size() &&
        parts[i].find('.') != absl::string_view::npos) {
      uint8_t q[4];
      if (!ParseDottedQuad(parts[i], q)) return false;
      words->push_back(static_cast<uint16_t>(q[0] << 8 | q[1]));
      words->push_back(static_cast<uint16_t>(q[2] << 8 | q[3]));
      continue;
    }
    uint16_t w = 0;
    if (!ParseHexGroup(parts[i], &w)) return false;
    words->push_back(w);
  }
  return true;
}

}  // namespace

absl::string_view AddressFamilyName(AddressFamily family) {
  return family == AddressFamily::kIpv4 ? "IPv4" : "IPv6";
}

IpAddress IpAddress::Any(AddressFamily family) {
  IpAddress a;
  a.family_ = family;
  return a;
}

IpAddress IpAddress::Loopback(AddressFamily family) {
  IpAddress a = Any(family);
  if (family == AddressFamily::kIpv4) {
    a.bytes_[0] = 127;
    a.bytes_[3] = 1;
  } else {
    a.bytes_[15] = 1;
  }
  return a;
}

IpAddress IpAddress::V4(std::array<uint8_t, 4> bytes) {
  IpAddress a = Any(AddressFamily::kIpv4);
  std::copy(bytes.begin(), bytes.end(), a.bytes_.begin());
  return a;
}

IpAddress IpAddress::V6(const std::array<uint8_t, 16>& bytes) {
  IpAddress a = Any(AddressFamily::kIpv6);
  a.bytes_ = bytes;
  return a;
}

absl::StatusOr<IpAddress> IpAddress::Parse(absl::string_view text) {
  if (text.empty()) return BadAddress(text, "empty");
  if (text.find(':') == absl::string_view::npos) {
    uint8_t q[4];
    if (!ParseDottedQuad(text, q)) {
      return BadAddress(text, "expected four numbers 0-255 like 127.0.0.1");
    }
    return V4({q[0], q[1], q[2], q[3]});
  }
  size_t gap = text.find("::");
  std::vector<uint16_t> head, tail;
  if (gap == absl::string_view::npos) {
    if (!ParseGroups(text, true, &head) || head.size() != 8) {
      return BadAddress(text,
                        "expected eight hex groups like fe80:0:0:0:0:0:0:1");
    }
  } else {
    if (text.find("::", gap + 1) != absl::string_view::npos) {
      return BadAddress(text, "'::' may appear once");
    }
    if (!ParseGroups(text.substr(0, gap), false, &head) ||
        !ParseGroups(text.substr(gap + 2), true, &tail) ||
        head.size() + tail.size() > 7) {
      return BadAddress(text, "malformed IPv6 groups");
    }
  }
  std::array<uint8_t, 16> b{};
  size_t w = 0;
  for (uint16_t v : head) {
    b[2 * w] = static_cast<uint8_t>(v >> 8);
    b[2 * w + 1] = static_cast<uint8_t>(v);
    ++w;
  }
  w = 8 - tail.size();
  for (uint16_t v : tail) {
    b[2 * w] = static_cast<uint8_t>(v >> 8);
    b[2 * w + 1] = static_cast<uint8_t>(v);
    ++w;
  }
  return V6(b);
}

bool IpAddress::IsUnspecified() const {
  return std::all_of(bytes_.begin(), bytes_.end(),
                     [](uint8_t b) { return b == 0; });
}

bool IpAddress::IsV4Mapped() const {
  if (!is_v6()) return false;
  for (int i = 0; i < 10; ++i) {
    if (bytes_[i] != 0) return false;
  }
  return bytes_[10] == 0xff && bytes_[11] == 0xff;
}

IpAddress IpAddress::Unmapped() const {
  if (!IsV4Mapped()) return *this;
  return V4({bytes_[12], bytes_[13], bytes_[14], bytes_[15]});
}

bool IpAddress::IsLoopback() const {
  IpAddress a = Unmapped();
  if (a.is_v4()) return a.bytes_[0] == 127;
  return a == Loopback(AddressFamily::kIpv6);
}

std::string IpAddress::ToString() const {
  if (is_v4()) {
    return absl::StrFormat("%d.%d.%d.%d", bytes_[0], bytes_[1], bytes_[2],
                           bytes_[3]);
  }
  if (IsV4Mapped()) {
    return absl::StrFormat("::ffff:%d.%d.%d.%d", bytes_[12], bytes_[13],
                           bytes_[14], bytes_[15]);
  }
  uint16_t words[8];
  for (int i = 0; i < 8; ++i) {
    words[i] = static_cast<uint16_t>(bytes_[2 * i] << 8 | bytes_[2 * i + 1]);
  }
  // RFC 5952: compress the longest run (>= 2) of zero words, the first if tied.
  int best_start = -1, best_len = 0;
  for (int i = 0; i < 8;) {
    if (words[i] != 0) {
      ++i;
      continue;
    }
    int j = i;
    while (j < 8 && words[j] == 0) ++j;
    if (j - i > best_len) {
      best_start = i;
      best_len = j - i;
    }
    i = j;
  }
  if (best_len < 2) best_start = -1;
  std::string out;
  for (int i = 0; i < 8; ++i) {
    if (i == best_start) {
      out += "::";
      i += best_len - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') out += ':';
    absl::StrAppendFormat(&out, "%x", words[i]);
  }
  return out;
}

std::string Endpoint::ToString(bool star_for_zero) const {
  std::string port_text =
      (star_for_zero && port == 0) ? "*" : absl::StrCat(port);
  if (address.is_v6()) {
    return absl::StrCat("[", address.ToString(), "]:", port_text);
  }
  return absl::StrCat(address.ToString(), ":", port_text);
}

}  // namespace pm
