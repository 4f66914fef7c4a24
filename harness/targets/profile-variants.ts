import type { Profile } from "./profile-schema.js";

/** A template and where the profile says it, for messages. */
export interface FieldTemplate {
  template: string;
  field: string;
}

/** How one target of a profile is configured: the profile's `configure`, or a variant's overrides of it. */
export interface TargetConfiguration {
  /** The profile's name, or <profile>-<variant>. */
  name: string;
  /** For a variant: the profile's name (the target it is a variant of). */
  variantOf?: string;
  environment: Array<FieldTemplate & { key: string }>;
  /** Replaces the image's command; null keeps it. */
  command: FieldTemplate[] | null;
  /** A template file (relative to the profile) per path in the container. */
  files: Array<FieldTemplate & { path: string }>;
}

/**
 * One configuration per target the profile declares: itself when it has no variants, else one per
 * variant. A variant's environment variables are added to (or replace) the profile's, its command
 * replaces the profile's, and its files replace those at the same path and add the others. Pure.
 */
export function targetConfigurations(profile: Profile): TargetConfiguration[] {
  const { configure } = profile;
  const base: TargetConfiguration = {
    name: profile.name,
    environment: Object.entries(configure.environment).map(([key, template]) => ({
      key,
      template,
      field: `configure.environment.${key}`,
    })),
    command: configure.command?.map((template, i) => ({ template, field: `configure.command[${i}]` })) ?? null,
    files: configure.files.map((f, i) => ({
      path: f.path,
      template: f.template,
      field: `configure.files[${i}].template`,
    })),
  };
  if (!profile.variants) return [base];
  return profile.variants.map((variant, v) => {
    const at = `variants[${v}]`;
    const environment = Object.entries(variant.environment ?? {}).map(([key, template]) => ({
      key,
      template,
      field: `${at}.environment.${key}`,
    }));
    const files = (variant.files ?? []).map((f, i) => ({
      path: f.path,
      template: f.template,
      field: `${at}.files[${i}].template`,
    }));
    return {
      name: `${profile.name}-${variant.name}`,
      variantOf: profile.name,
      environment: [...base.environment.filter((e) => !environment.some((o) => o.key === e.key)), ...environment],
      command: variant.command
        ? variant.command.map((template, i) => ({ template, field: `${at}.command[${i}]` }))
        : base.command,
      files: [...base.files.filter((f) => !files.some((o) => o.path === f.path)), ...files],
    };
  });
}
