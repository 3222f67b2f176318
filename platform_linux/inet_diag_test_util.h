// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Hand-built NETLINK_SOCK_DIAG reply bytes for the inet_diag codec tests.

#ifndef PM_PLATFORM_LINUX_INET_DIAG_TEST_UTIL_H_
#define PM_PLATFORM_LINUX_INET_DIAG_TEST_UTIL_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <vector>

namespace pm::procfs::testing {

// Reads a T at `offset` of `bytes` (memcpy: `bytes` need not be aligned for
// T). The caller checks the bounds.
template <typename T>
T LoadAt(const std::vector<uint8_t>& bytes, size_t offset) {
  T value;
  std::memcpy(&value, bytes.data() + offset, sizeof(T));
  return value;
}

// A struct inet_diag_msg as the kernel fills it (ports given in host order,
// `src`/`dst` of 4 or 16 bytes), followed by an INET_DIAG_SHUTDOWN attribute,
// which decoders must skip.
std::vector<uint8_t> DiagMsg(uint8_t family, uint8_t state, uint16_t sport,
                             uint16_t dport, const std::vector<uint8_t>& src,
                             const std::vector<uint8_t>& dst, uint32_t uid,
                             uint32_t inode);

// One netlink message (NLM_F_MULTI, from port id 4242): header, `payload`,
// alignment padding.
std::vector<uint8_t> Nlmsg(uint16_t type, uint32_t seq,
                           const std::vector<uint8_t>& payload);

// The bytes of `parts`, one after another.
std::vector<uint8_t> Cat(std::initializer_list<std::vector<uint8_t>> parts);

// An NLMSG_ERROR payload (struct nlmsgerr) whose error field is `v`, the
// echoed request header zeros; also usable for NLMSG_DONE.
std::vector<uint8_t> Int32Payload(int32_t v);

}  // namespace pm::procfs::testing

#endif  // PM_PLATFORM_LINUX_INET_DIAG_TEST_UTIL_H_
