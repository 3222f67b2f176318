// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// The --json objects of `pm kill` and `pm free` (schema in docs/cli.md).

#ifndef PM_CLI_KILL_JSON_H_
#define PM_CLI_KILL_JSON_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "cli/json_output.h"
#include "cli/kill_report.h"
#include "core/kill_port.h"
#include "core/terminate.h"

namespace pm::cli {

// The JSON of one process's result:
// {"process":PROCESS,"ports":[...],"descendant":b,"outcome":s,"refusal":s|null,
//  "signals":[...],"elapsed_ms":n,"error":s|null}. Thread-safe.
Json ResultJson(const TerminationResult& result,
                const std::vector<uint16_t>& ports);

// The JSON of one TARGET of `pm kill` (see docs/cli.md); a dry run's
// processes that would be signalled have outcome "would_signal".
Json OutcomeJson(const KillTargetOutcome& outcome, bool dry_run);

// The JSON of `pm free` for one port: {"port","free","error","hidden_owner",
// "processes","left_running","remaining"}.
Json FreePortJson(uint16_t port, const absl::StatusOr<KillPortReport>& report);

}  // namespace pm::cli

#endif  // PM_CLI_KILL_JSON_H_
