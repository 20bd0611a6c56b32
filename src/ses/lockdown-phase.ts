// Whether our lockdown is between repairIntrinsics() and hardenIntrinsics().
// globalThis.harden already exists then (as in ses), but the layers above
// ses (harden-when-available.ts) wait for the end of lockdown before they
// take it up, so that importing them leaves the intrinsics repairable for
// vetted shims.

let betweenRepairAndHarden = false;

export const isBetweenRepairAndHarden = (): boolean => betweenRepairAndHarden;

export const setBetweenRepairAndHarden = (value: boolean): void => {
  betweenRepairAndHarden = value;
};
