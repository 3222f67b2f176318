// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Parsers for the socket tables Linux prints in /proc/net/{tcp,tcp6,udp,udp6}.

#ifndef PM_PLATFORM_LINUX_PROC_NET_PARSER_H_
#define PM_PLATFORM_LINUX_PROC_NET_PARSER_H_

#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/ip_address.h"
#include "core/socket.h"

namespace pm::procfs {

// Pure functions (text in, values out, no system calls) that turn the text of
// /proc/net/tcp, tcp6, udp and udp6 into Socket records. They build and run on
// every OS, so they are tested on literal lines and captured fixtures.
//
// The format is the one of Linux net/ipv4/tcp_ipv4.c (get_tcp4_sock,
// get_timewait4_sock, get_openreq4), net/ipv4/udp.c (udp4_format_sock) and
// their net/ipv6 counterparts; after a header line that starts with "sl", one
// socket per line, fields separated by spaces:
//
//   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt
//   uid  timeout inode
//    0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000
//    1000        0 12345 1 ...
//
// Only sl, local_address, rem_address, st, uid and inode are read; the fields
// after inode differ between protocols and kernel versions and are ignored.
//
// Addresses. The kernel prints each 32-bit word of the address with %08X from
// its in-memory (network byte order) value, so on a little-endian machine the
// four bytes of each word come out reversed: 0100007F is 127.0.0.1, and the
// IPv6 ::1 is 00000000000000000000000001000000 (four words, each reversed).
// These parsers assume the little-endian layout, which is what x86-64 and
// aarch64 kernels (and every capture under testdata/) produce; a big-endian
// kernel's files would parse to byte-swapped addresses. Ports are printed with
// %04X after ntohs(), so they are plain big-endian hex numbers: 1F90 is 8080.
//
// States. `st` is a hex number. For TCP, 01..0C are Linux's TCP_ESTABLISHED ..
// TCP_NEW_SYN_RECV (include/net/tcp_states.h) and map onto the SocketState of
// the same value. For UDP, 07 (TCP_CLOSE) is a bound socket that is not
// connected (SocketState::kUnconnected, `ss`'s UNCONN) and 01 a connect()ed one
// (kEstablished). Any other number is SocketState::kUnknown, not an error.
//
// Every Socket returned has uid and inode set (0 for TIME_WAIT and request
// sockets, which the kernel prints that way), owners empty and owner_visibility
// kNotResolved.
//
// Example:
//   absl::StatusOr<Socket> s = ParseProcNetLine(
//       "0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 "
//       "00000000  1000 0 12345 1 0000000000000000 100 0 0 10 0",
//       Protocol::kTcp, AddressFamily::kIpv4);
//   s->local.ToString();  // "127.0.0.1:8080"
//   s->state;             // SocketState::kListen

// Returns "tcp", "tcp6", "udp" or "udp6": the name of the file under
// <proc_root>/net/ that lists sockets of this protocol and family. Thread-safe.
absl::string_view ProcNetFileName(Protocol protocol, AddressFamily family);

// Parses one socket line (not the header) of the file ProcNetFileName(protocol,
// family). Returns InvalidArgument, saying which field is wrong and why, for a
// line with fewer than ten fields, a malformed "sl:" field, bad hex, an address
// of the wrong length for `family`, a port above 0xFFFF, or a uid or inode that
// is not a decimal number in range. Never crashes on any input. Thread-safe.
absl::StatusOr<Socket> ParseProcNetLine(absl::string_view line,
                                        Protocol protocol,
                                        AddressFamily family);

// Parses the whole text of one /proc/net file: a header line starting with "sl"
// (after spaces), then any number of socket lines; empty lines are skipped.
// Returns the sockets in file order (a header alone gives an empty vector).
// Returns InvalidArgument for empty text, a missing header, or any bad line;
// the message names the source and the 1-based line number, e.g.
// "/proc/net/tcp line 3: state '0G': 'G' is not a hex digit". `source_name`
// names the source in messages; when empty it is "/proc/net/" followed by
// ProcNetFileName(protocol, family). Thread-safe.
absl::StatusOr<std::vector<Socket>> ParseProcNet(
    absl::string_view text, Protocol protocol, AddressFamily family,
    absl::string_view source_name = {});

}  // namespace pm::procfs

#endif  // PM_PLATFORM_LINUX_PROC_NET_PARSER_H_
