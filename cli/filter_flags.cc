// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// The shared socket filter flags.

#include "cli/filter_flags.h"

namespace pm::cli {

void AddFilterFlags(CLI::App& command, FilterFlags* flags) {
  CLI::Option* all = command.add_flag("-a,--all", flags->all,
                                      "Sockets in every state (ESTABLISHED, "
                                      "TIME_WAIT, ...), not only listening");
  CLI::Option* listening = command.add_flag(
      "-l,--listening", flags->listening,
      "Only listening sockets: TCP LISTEN and UDP UNCONN (the default)");
  all->excludes(listening);
  command.add_flag("-t,--tcp", flags->tcp,
                   "TCP sockets (default: TCP and UDP)");
  command.add_flag("-u,--udp", flags->udp,
                   "UDP sockets (default: TCP and UDP)");
  command.add_flag("-4,--ipv4", flags->ipv4,
                   "IPv4 sockets (default: IPv4 and IPv6)");
  command.add_flag("-6,--ipv6", flags->ipv6,
                   "IPv6 sockets (default: IPv4 and IPv6)");
}

SocketQuery QueryFromFlags(const FilterFlags& flags) {
  SocketQuery query;
  bool any_protocol = !flags.tcp && !flags.udp;
  query.tcp = any_protocol || flags.tcp;
  query.udp = any_protocol || flags.udp;
  bool any_family = !flags.ipv4 && !flags.ipv6;
  query.ipv4 = any_family || flags.ipv4;
  query.ipv6 = any_family || flags.ipv6;
  query.states =
      flags.all ? SocketStateSet::All() : SocketStateSet::Listening();
  query.with_owners = true;
  return query;
}

}  // namespace pm::cli
