// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Hand-built inet_diag reply bytes (see inet_diag_test_util.h).

#include "platform_linux/inet_diag_test_util.h"

#include <arpa/inet.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>

namespace pm::procfs::testing {

std::vector<uint8_t> DiagMsg(uint8_t family, uint8_t state, uint16_t sport,
                             uint16_t dport, const std::vector<uint8_t>& src,
                             const std::vector<uint8_t>& dst, uint32_t uid,
                             uint32_t inode) {
  inet_diag_msg msg{};
  msg.idiag_family = family;
  msg.idiag_state = state;
  msg.id.idiag_sport = htons(sport);
  msg.id.idiag_dport = htons(dport);
  std::memcpy(msg.id.idiag_src, src.data(), src.size());
  std::memcpy(msg.id.idiag_dst, dst.data(), dst.size());
  msg.idiag_uid = uid;
  msg.idiag_inode = inode;
  std::vector<uint8_t> bytes(sizeof(msg));
  std::memcpy(bytes.data(), &msg, sizeof(msg));
  // INET_DIAG_SHUTDOWN (type 8, length 5, one byte 0, padded to 8).
  for (uint8_t b : {5, 0, 8, 0, 0, 0, 0, 0}) bytes.push_back(b);
  return bytes;
}

std::vector<uint8_t> Nlmsg(uint16_t type, uint32_t seq,
                           const std::vector<uint8_t>& payload) {
  nlmsghdr h{};
  h.nlmsg_len = static_cast<uint32_t>(NLMSG_HDRLEN + payload.size());
  h.nlmsg_type = type;
  h.nlmsg_flags = NLM_F_MULTI;
  h.nlmsg_seq = seq;
  h.nlmsg_pid = 4242;
  std::vector<uint8_t> out(NLMSG_ALIGN(h.nlmsg_len));
  std::memcpy(out.data(), &h, sizeof(h));
  std::memcpy(out.data() + NLMSG_HDRLEN, payload.data(), payload.size());
  return out;
}

std::vector<uint8_t> Cat(std::initializer_list<std::vector<uint8_t>> parts) {
  std::vector<uint8_t> out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

std::vector<uint8_t> Int32Payload(int32_t v) {
  std::vector<uint8_t> p(sizeof(nlmsgerr), 0);
  std::memcpy(p.data(), &v, sizeof(v));
  return p;
}

}  // namespace pm::procfs::testing
