// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// The --json objects of pm kill and pm free.

#include "cli/kill_json.h"

#include <string>
#include <utility>

namespace pm::cli {

Json ResultJson(const TerminationResult& r,
                const std::vector<uint16_t>& ports) {
  Json signals = Json::array();
  for (TerminationSignal s : r.signals_sent) {
    signals.push_back(std::string(TerminationSignalName(s)));
  }
  return Json{
      {"process", ProcessJson(r.process)},
      {"ports", ports},
      {"descendant", r.descendant},
      {"outcome", std::string(TerminationOutcomeName(r.outcome))},
      {"refusal", r.refusal == Refusal::kNone
                      ? Json(nullptr)
                      : Json(std::string(RefusalName(r.refusal)))},
      {"signals", std::move(signals)},
      {"elapsed_ms", absl::ToDoubleMilliseconds(r.elapsed)},
      {"error",
       r.status.ok() ? Json(nullptr) : Json(std::string(r.status.message()))},
  };
}

Json OutcomeJson(const KillTargetOutcome& o, bool dry_run) {
  const bool is_port = o.target.kind == KillTarget::Kind::kPort;
  Json processes = Json::array();
  Json left = Json::array();
  for (const TerminationResult& r : OutcomeResults(o)) {
    std::vector<uint16_t> ports = PortsOf(o, r.process.pid);
    if (is_port && ports.empty()) ports.push_back(o.target.port);
    Json j = ResultJson(r, ports);
    if (dry_run && r.outcome == TerminationOutcome::kExitedAfterSignal) {
      j["outcome"] = "would_signal";
    }
    processes.push_back(std::move(j));
  }
  for (const ProcessInfo& p : OutcomeLeftRunning(o)) {
    left.push_back(ProcessJson(p));
  }
  const bool has_port_end = is_port && o.port_report.has_value();
  return Json{
      {"target", o.target.text},
      {"kind", std::string(KillTargetKindName(o.target.kind))},
      {"matched", o.matched},
      {"error",
       o.error.ok() ? Json(nullptr) : Json(std::string(o.error.message()))},
      {"port", is_port ? Json(o.target.port) : Json(nullptr)},
      {"port_free", has_port_end ? Json(o.port_report->free) : Json(nullptr)},
      {"hidden_owner",
       has_port_end ? Json(o.port_report->hidden_owner) : Json(nullptr)},
      {"processes", std::move(processes)},
      {"left_running", std::move(left)},
  };
}

Json FreePortJson(uint16_t port, const absl::StatusOr<KillPortReport>& report) {
  Json processes = Json::array();
  Json left = Json::array();
  Json remaining = Json::array();
  if (report.ok()) {
    for (const TerminationResult& r : report->termination.processes) {
      processes.push_back(ResultJson(r, {port}));
    }
    for (const ProcessInfo& p : report->termination.left_running) {
      left.push_back(ProcessJson(p));
    }
    for (const Socket& s : report->remaining) {
      remaining.push_back(Json{
          {"protocol", std::string(ProtocolName(s.protocol))},
          {"local", s.local.ToString()},
          {"state", std::string(SocketStateName(s.state))},
          {"owners", s.owners},
      });
    }
  }
  return Json{
      {"port", port},
      {"free", report.ok() && report->free},
      {"error", report.ok() ? Json(nullptr)
                            : Json(std::string(report.status().message()))},
      {"hidden_owner", report.ok() && report->hidden_owner},
      {"processes", std::move(processes)},
      {"left_running", std::move(left)},
      {"remaining", std::move(remaining)},
  };
}

}  // namespace pm::cli
