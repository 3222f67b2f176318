// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// DisplayOrder: packed keys, one sort.

#include "cli/socket_order.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

#include "core/ip_address.h"

namespace pm::cli {
namespace {

// A key's bytes, most significant first: protocol, local family, local
// address (16), local port (2), state, remote family, remote address (16),
// remote port (2), inode (8); compared as six big-endian words.
constexpr size_t kKeyBytes = 48;
constexpr size_t kKeyWords = kKeyBytes / 8;

struct Key {
  std::array<uint64_t, kKeyWords> words;
  size_t index;  // Last: equal keys keep their order.
};

// Writes family, address bytes and port (19 bytes) at `out`.
uint8_t* PutEndpoint(const Endpoint& endpoint, uint8_t* out) {
  static_assert(static_cast<int>(AddressFamily::kIpv4) <
                static_cast<int>(AddressFamily::kIpv6));
  *out++ = static_cast<uint8_t>(endpoint.address.family());
  const std::array<uint8_t, 16>& bytes = endpoint.address.bytes();
  std::memcpy(out, bytes.data(), bytes.size());
  out += bytes.size();
  *out++ = static_cast<uint8_t>(endpoint.port >> 8);
  *out++ = static_cast<uint8_t>(endpoint.port & 0xff);
  return out;
}

Key MakeKey(const Socket& socket, size_t index) {
  static_assert(static_cast<int>(Protocol::kTcp) <
                static_cast<int>(Protocol::kUdp));
  uint8_t bytes[kKeyBytes];
  uint8_t* out = bytes;
  *out++ = static_cast<uint8_t>(socket.protocol);
  out = PutEndpoint(socket.local, out);
  *out++ = static_cast<uint8_t>(socket.state);
  out = PutEndpoint(socket.remote, out);
  for (int shift = 56; shift >= 0; shift -= 8) {
    *out++ = static_cast<uint8_t>(socket.inode >> shift);
  }
  Key key;
  for (size_t w = 0; w < kKeyWords; ++w) {
    uint64_t word = 0;
    for (size_t i = 0; i < 8; ++i) word = word << 8 | bytes[w * 8 + i];
    key.words[w] = word;
  }
  key.index = index;
  return key;
}

}  // namespace

std::vector<size_t> DisplayOrder(const std::vector<Socket>& sockets) {
  std::vector<Key> keys;
  keys.reserve(sockets.size());
  for (size_t i = 0; i < sockets.size(); ++i) {
    keys.push_back(MakeKey(sockets[i], i));
  }
  std::sort(keys.begin(), keys.end(), [](const Key& a, const Key& b) {
    for (size_t i = 0; i < kKeyWords; ++i) {
      if (a.words[i] != b.words[i]) return a.words[i] < b.words[i];
    }
    return a.index < b.index;
  });
  std::vector<size_t> order;
  order.reserve(keys.size());
  for (const Key& key : keys) order.push_back(key.index);
  return order;
}

}  // namespace pm::cli
