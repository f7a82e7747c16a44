// The storage area's result contracts: what its queries return, shared by the queries and both renderers.

import { z } from 'zod';
import {
  condition,
  event,
  finding,
  listScope,
  observedSource,
  severityCounts,
} from '../../queries/schemas.js';

export const consumer = z.object({
  name: z.string(),
  node: z.string().optional(),
  status: z.string().describe('The pod status as `kubectl diag pods` shows it'),
});

export const claimSummary = z.object({
  namespace: z.string(),
  name: z.string(),
  status: z.string().describe('Pending, Bound, Lost, or Terminating'),
  volume: z.string().optional(),
  capacity: z.string().optional().describe('Capacity of the bound volume'),
  requested: z.string().optional(),
  accessModes: z.array(z.string()),
  storageClass: z.string().optional().describe('The class the claim uses, including an assigned default'),
  storageClassSource: z
    .enum(['spec', 'default', 'unset', 'empty'])
    .describe(
      'spec: named by the claim; default: unset, the default class applies; unset: no class and no default; empty: "" (no dynamic provisioning)',
    ),
  volumeMode: z.string().optional(),
  createdAt: z.string().optional(),
  consumers: z.array(consumer).describe('Pods that mount the claim'),
  findings: z.array(finding),
});

export type ClaimSummary = z.output<typeof claimSummary>;

export const volumeSummary = z.object({
  name: z.string(),
  status: z.string().describe('Available, Bound, Released, Failed, Pending, or Terminating'),
  capacity: z.string().optional(),
  accessModes: z.array(z.string()),
  reclaimPolicy: z.string().optional(),
  storageClass: z.string().optional(),
  claim: z.string().optional().describe('namespace/name of the claim it is (or was) bound to'),
  driver: z.string().optional().describe('CSI driver'),
  message: z.string().optional(),
  createdAt: z.string().optional(),
  findings: z.array(finding),
});

export type VolumeSummary = z.output<typeof volumeSummary>;

export const classSummary = z.object({
  name: z.string(),
  isDefault: z.boolean(),
  provisioner: z.string(),
  reclaimPolicy: z.string(),
  volumeBindingMode: z.string(),
  allowVolumeExpansion: z.boolean(),
  createdAt: z.string().optional(),
  findings: z.array(finding),
});

export type ClassSummary = z.output<typeof classSummary>;

export const attachmentSummary = z.object({
  name: z.string(),
  attacher: z.string().optional(),
  volume: z.string().optional(),
  claim: z.string().optional(),
  node: z.string().optional(),
  attached: z.boolean(),
  attachError: z.string().optional(),
  detachError: z.string().optional(),
  createdAt: z.string().optional(),
  findings: z.array(finding),
});

export type AttachmentSummary = z.output<typeof attachmentSummary>;

export const storagePod = z.object({
  namespace: z.string(),
  name: z.string(),
  status: z.string(),
  node: z.string().optional(),
  claims: z.array(z.string()),
  findings: z.array(finding),
});

export type StoragePod = z.output<typeof storagePod>;

export const reportOutput = {
  source: observedSource,
  scope: listScope,
  totals: z.object({
    claims: z.number(),
    volumes: z.number(),
    storageClasses: z.number(),
    attachments: z.number(),
    pods: z.number().describe('Pods that mount claims'),
  }),
  counts: severityCounts.describe('Findings by severity'),
  claims: z.array(claimSummary),
  volumes: z.array(volumeSummary).describe('Volumes of the claims in scope and unclaimed volumes'),
  storageClasses: z.array(classSummary),
  attachments: z.array(attachmentSummary),
  pods: z.array(storagePod),
};

export type StorageReport = z.output<z.ZodObject<typeof reportOutput>>;

export const claimDetail = claimSummary.extend({
  conditions: z.array(condition),
  selectedNode: z.string().optional().describe('Node the scheduler picked for a WaitForFirstConsumer claim'),
  labels: z.record(z.string(), z.string()),
});

export const pvcOutput = {
  source: observedSource,
  claim: claimDetail,
  volume: volumeSummary.optional().describe('The bound volume'),
  storageClass: classSummary.optional(),
  pods: z.array(storagePod).describe('Pods that mount the claim'),
  attachments: z.array(attachmentSummary).describe('Attachment of the bound volume, per node'),
  events: z.array(event).describe('Events of the claim and volume events of its pods, newest first'),
  findings: z.array(finding),
};

export type ClaimDescription = z.output<z.ZodObject<typeof pvcOutput>>;

export const pvOutput = {
  source: observedSource,
  volume: volumeSummary.extend({
    volumeHandle: z.string().optional(),
    volumeMode: z.string().optional(),
    reason: z.string().optional(),
  }),
  claim: z
    .object({ namespace: z.string(), name: z.string(), status: z.string().describe('Phase, or NotFound') })
    .optional(),
  storageClass: classSummary.optional(),
  attachments: z.array(attachmentSummary),
  findings: z.array(finding),
};

export type VolumeDescription = z.output<z.ZodObject<typeof pvOutput>>;

export const classesOutput = {
  source: observedSource,
  defaultClass: z.string().optional().describe('The class claims without one get (the newest default)'),
  storageClasses: z.array(classSummary),
  counts: severityCounts,
};

export type StorageClassList = z.output<z.ZodObject<typeof classesOutput>>;

export const attachmentsOutput = {
  source: observedSource,
  node: z.string().optional(),
  pv: z.string().optional(),
  attachments: z.array(attachmentSummary),
  counts: severityCounts,
};

export type AttachmentList = z.output<z.ZodObject<typeof attachmentsOutput>>;
