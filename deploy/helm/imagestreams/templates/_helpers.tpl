{{- define "imagestreams.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "imagestreams.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "imagestreams.labels" -}}
{{ include "imagestreams.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* The --store URL of the etcd store, with the client certificate files when a TLS Secret is set. */}}
{{- define "imagestreams.etcdUrl" -}}
{{- $e := .Values.store.etcd -}}
{{- $url := printf "etcd://%s%s" (join "," $e.endpoints) $e.prefix -}}
{{- if $e.tlsSecretName -}}
{{- $url = printf "%s?ca=/etc/imagestreams/etcd/ca.crt&cert=/etc/imagestreams/etcd/tls.crt&key=/etc/imagestreams/etcd/tls.key" $url -}}
{{- end -}}
{{- $url -}}
{{- end -}}

{{/* Refuses what cannot work, in case values.schema.json was bypassed. */}}
{{- define "imagestreams.validate" -}}
{{- if and (eq .Values.store.type "sqlite") (gt (int .Values.replicaCount) 1) -}}
{{- fail "replicaCount > 1 needs store.type=etcd: SQLite is one writer on a ReadWriteOnce volume" -}}
{{- end -}}
{{- if and (eq .Values.store.type "etcd") (empty .Values.store.etcd.endpoints) -}}
{{- fail "store.type=etcd needs store.etcd.endpoints" -}}
{{- end -}}
{{- if and .Values.aggregated (not .Values.kubernetesTarget.enabled) -}}
{{- fail "aggregated needs kubernetesTarget.enabled: --aggregated reviews through the in-cluster client" -}}
{{- end -}}
{{- if and (or .Values.aggregated .Values.imageLookupWebhook.enabled) (not (or .Values.caBundle .Values.certManager.injectCA)) -}}
{{- fail "aggregated and imageLookupWebhook.enabled need caBundle or certManager.injectCA: kube-apiserver must be able to check the serving certificate" -}}
{{- end -}}
{{- end -}}

{{/* How kube-apiserver learns the serving CA: cert-manager's annotation, or none (caBundle set). */}}
{{- define "imagestreams.caInjection" -}}
{{- if .Values.certManager.injectCA -}}
annotations:
  cert-manager.io/inject-ca-from: {{ printf "%s/%s" .Release.Namespace .Values.tls.secretName }}
{{- end -}}
{{- end -}}
