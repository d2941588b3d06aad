{{/* Chart name, overridable. */}}
{{- define "patternscope.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Release-scoped name used for every object; 63 characters is the DNS label limit. */}}
{{- define "patternscope.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "patternscope.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels on every object. */}}
{{- define "patternscope.labels" -}}
helm.sh/chart: {{ include "patternscope.chart" . }}
{{ include "patternscope.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "patternscope.selectorLabels" -}}
app.kubernetes.io/name: {{ include "patternscope.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Selector labels of one component: web, worker, migrate, postgresql. Usage: include "patternscope.componentLabels" (list . "web") */}}
{{- define "patternscope.componentLabels" -}}
{{ include "patternscope.selectorLabels" (index . 0) }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{/* repository@digest when image.digest is set (the tag is then ignored), else repository:tag. */}}
{{- define "patternscope.image" -}}
{{- include "patternscope.imageRef" (list .Values.image.repository (default .Chart.AppVersion .Values.image.tag) .Values.image.digest) -}}
{{- end -}}

{{/* Usage: include "patternscope.imageRef" (list repository tag digest); a digest must read sha256:<64 hex>. */}}
{{- define "patternscope.imageRef" -}}
{{- $digest := index . 2 -}}
{{- if $digest -}}
{{- if not (regexMatch "^sha256:[a-f0-9]{64}$" $digest) -}}
{{- fail (printf "image digest %q must look like sha256:<64 hex digits>" $digest) -}}
{{- end -}}
{{- printf "%s@%s" (index . 0) $digest -}}
{{- else -}}
{{- printf "%s:%s" (index . 0) (index . 1) -}}
{{- end -}}
{{- end -}}

{{- define "patternscope.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "patternscope.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* The Secret holding DATABASE_URL, SESSION_SECRET, ADMIN_* (and POSTGRES_PASSWORD with the bundled database). */}}
{{- define "patternscope.secretName" -}}
{{- default (include "patternscope.fullname" .) .Values.secrets.existingSecret -}}
{{- end -}}

{{- define "patternscope.postgresql.fullname" -}}
{{- printf "%s-postgresql" (include "patternscope.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* A value of the chart's own Secret from the cluster (empty on first install and in `helm template`). */}}
{{- define "patternscope.existingSecretValue" -}}
{{- $ctx := index . 0 -}}
{{- $key := index . 1 -}}
{{- $secret := lookup "v1" "Secret" $ctx.Release.Namespace (include "patternscope.fullname" $ctx) -}}
{{- if and $secret $secret.data (hasKey $secret.data $key) -}}
{{- index $secret.data $key | b64dec -}}
{{- end -}}
{{- end -}}

{{/* Session secret: from values, else the one already in the cluster, else a new random one. Call once per render. */}}
{{- define "patternscope.sessionSecret" -}}
{{- $existing := include "patternscope.existingSecretValue" (list . "SESSION_SECRET") -}}
{{- .Values.secrets.sessionSecret | default $existing | default (randAlphaNum 48) -}}
{{- end -}}

{{/* Bundled PostgreSQL password: from values, else kept from the cluster, else new. Call once per render. */}}
{{- define "patternscope.postgresql.password" -}}
{{- $existing := include "patternscope.existingSecretValue" (list . "POSTGRES_PASSWORD") -}}
{{- .Values.postgresql.auth.password | default $existing | default (randAlphaNum 32) -}}
{{- end -}}

{{/* The bundled PostgreSQL's superuser password (never given to the app): kept from the cluster, else new. */}}
{{- define "patternscope.postgresql.adminPassword" -}}
{{- $existing := include "patternscope.existingSecretValue" (list . "POSTGRES_ADMIN_PASSWORD") -}}
{{- .Values.postgresql.auth.adminPassword | default $existing | default (randAlphaNum 32) -}}
{{- end -}}

{{/* DATABASE_URL for the external database; fails the render when neither database is configured. */}}
{{- define "patternscope.externalDatabaseUrl" -}}
{{- required "Set externalDatabase.url, or postgresql.enabled=true, or secrets.existingSecret" .Values.externalDatabase.url -}}
{{- end -}}

{{/* Migrations run before install with an external database; the bundled one only exists after install. */}}
{{- define "patternscope.migrationHook" -}}
{{- if .Values.postgresql.enabled -}}post-install,pre-upgrade{{- else -}}pre-install,pre-upgrade{{- end -}}
{{- end -}}

{{/* Where the migration Job reads DATABASE_URL: before install the chart's Secret does not exist yet. */}}
{{- define "patternscope.migrationSecretName" -}}
{{- if or .Values.secrets.existingSecret .Values.postgresql.enabled -}}
{{- include "patternscope.secretName" . -}}
{{- else -}}
{{- printf "%s-migrate" (include "patternscope.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Volumes for a read-only root filesystem: the only places the app writes. */}}
{{- define "patternscope.writableVolumes" -}}
- name: tmp
  emptyDir: {}
- name: next-cache
  emptyDir: {}
- name: data
  emptyDir: {}
{{- end -}}

{{- define "patternscope.writableVolumeMounts" -}}
- name: tmp
  mountPath: /tmp
- name: next-cache
  mountPath: /app/.next/cache
- name: data
  mountPath: /app/data
{{- end -}}
