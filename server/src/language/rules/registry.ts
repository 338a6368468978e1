// Every rule, in the order `topo rules` lists them: language checks, then risks.

import { syntaxError } from './syntax-error';
import { unknownElement } from './unknown-element';
import { duplicateElement } from './duplicate-element';
import { invalidProperty } from './invalid-property';
import { invalidLink } from './invalid-link';
import { syncChainDepth } from './sync-chain-depth';
import { syncCycle } from './sync-cycle';
import { latencyBudget } from './latency-budget';
import { availabilityBudget } from './availability-budget';
import { timeoutBelowLatency } from './timeout-below-latency';
import { missingTimeout } from './missing-timeout';
import { nonCriticalSync } from './non-critical-sync';
import { userFacingAwait } from './user-facing-await';
import { asyncResultUndelivered } from './async-result-undelivered';
import { strongConsistencyAsync } from './strong-consistency-async';
import { missingDlq } from './missing-dlq';
import { unmonitoredDlq } from './unmonitored-dlq';
import { retryWithoutIdempotency } from './retry-without-idempotency';
import { missingRetry } from './missing-retry';
import { externalSyncUnprotected } from './external-sync-unprotected';
import { retryAmplification } from './retry-amplification';
import { syncFanOut } from './sync-fan-out';
import { channelWithoutConsumer } from './channel-without-consumer';
import { channelWithoutProducer } from './channel-without-producer';
import { queueMultipleConsumers } from './queue-multiple-consumers';
import { dualWrite } from './dual-write';
import { orphanElement } from './orphan-element';
import { unusedSuppression } from './unused-suppression';
import type { Rule } from './types';

export const RULES: readonly Rule[] = [
  syntaxError,
  unknownElement,
  duplicateElement,
  invalidProperty,
  invalidLink,
  syncChainDepth,
  syncCycle,
  latencyBudget,
  availabilityBudget,
  timeoutBelowLatency,
  missingTimeout,
  nonCriticalSync,
  userFacingAwait,
  asyncResultUndelivered,
  strongConsistencyAsync,
  missingDlq,
  unmonitoredDlq,
  retryWithoutIdempotency,
  missingRetry,
  externalSyncUnprotected,
  retryAmplification,
  syncFanOut,
  channelWithoutConsumer,
  channelWithoutProducer,
  queueMultipleConsumers,
  dualWrite,
  orphanElement,
  unusedSuppression,
];

export const RULE_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((rule) => [rule.meta.id, rule]));
