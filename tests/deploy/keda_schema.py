"""JSON schemas for the two KEDA kinds the manifests use (keda.sh/v1alpha1), limited to the fields we set.

kubernetes-validate carries only the built-in kinds; these follow KEDA 2.x's CRDs (ScaledObject spec and the
rabbitmq scaler's metadata, TriggerAuthentication's secretTargetRef). Unknown fields are refused, so a typo such as
`queueNmae` or `maxReplicas` fails the test rather than being ignored by the cluster.
"""

METADATA = {"type": "object", "required": ["name"], "properties": {
    "name": {"type": "string", "pattern": "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", "maxLength": 253},
    "namespace": {"type": "string"},
    "labels": {"type": "object", "additionalProperties": {"type": "string"}}}, "additionalProperties": False}

RABBITMQ_TRIGGER = {"type": "object", "required": ["type", "metadata", "authenticationRef"], "additionalProperties": False,
                    "properties": {
                        "type": {"const": "rabbitmq"},
                        "metadata": {"type": "object", "required": ["queueName", "mode", "value"], "additionalProperties": False,
                                     "properties": {"protocol": {"enum": ["amqp", "http", "auto"]},
                                                    "mode": {"enum": ["QueueLength", "MessageRate"]},
                                                    "value": {"type": "string", "pattern": "^[0-9]+(\\.[0-9]+)?$"},
                                                    "queueName": {"type": "string", "minLength": 1}}},
                        "authenticationRef": {"type": "object", "required": ["name"], "additionalProperties": False,
                                              "properties": {"name": {"type": "string"}}}}}

SCALED_OBJECT = {"type": "object", "required": ["apiVersion", "kind", "metadata", "spec"], "additionalProperties": False,
                 "properties": {
                     "apiVersion": {"const": "keda.sh/v1alpha1"}, "kind": {"const": "ScaledObject"}, "metadata": METADATA,
                     "spec": {"type": "object", "required": ["scaleTargetRef", "triggers"], "additionalProperties": False,
                              "properties": {
                                  "scaleTargetRef": {"type": "object", "required": ["name"], "additionalProperties": False,
                                                     "properties": {"name": {"type": "string"}}},
                                  "minReplicaCount": {"type": "integer", "minimum": 0},
                                  "maxReplicaCount": {"type": "integer", "minimum": 1},
                                  "pollingInterval": {"type": "integer", "minimum": 1},
                                  "cooldownPeriod": {"type": "integer", "minimum": 0},
                                  "triggers": {"type": "array", "minItems": 1, "items": RABBITMQ_TRIGGER}}}}}

SECRET_TARGET = {"type": "object", "required": ["parameter", "name", "key"], "additionalProperties": False,
                 "properties": {"parameter": {"enum": ["host"]}, "name": {"type": "string"}, "key": {"type": "string"}}}

TRIGGER_AUTHENTICATION = {"type": "object", "required": ["apiVersion", "kind", "metadata", "spec"], "additionalProperties": False,
                          "properties": {
                              "apiVersion": {"const": "keda.sh/v1alpha1"}, "kind": {"const": "TriggerAuthentication"},
                              "metadata": METADATA,
                              "spec": {"type": "object", "required": ["secretTargetRef"], "additionalProperties": False,
                                       "properties": {"secretTargetRef": {"type": "array", "minItems": 1,
                                                                          "items": SECRET_TARGET}}}}}

SCHEMAS = {"ScaledObject": SCALED_OBJECT, "TriggerAuthentication": TRIGGER_AUTHENTICATION}
