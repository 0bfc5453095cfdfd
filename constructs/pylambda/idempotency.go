package pylambda

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdynamodb"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	"github.com/aws/jsii-runtime-go"
	"github.com/pylambda/pylambda/internal/stackinfo"
)

// IdempotencyTableSetting is the environment variable that holds the name
// of the idempotency table:
//
//	DynamoDBPersistenceLayer(table_name=os.environ["IDEMPOTENCY_TABLE_NAME"])
const IdempotencyTableSetting = "IDEMPOTENCY_TABLE_NAME"

// The attributes of the idempotency table that Powertools'
// DynamoDBPersistenceLayer uses by default (key_attr, expiry_attr). Its
// records also carry in_progress_expiration, status, data and validation,
// which need no declaration.
const (
	IdempotencyKeyAttribute    = "id"
	IdempotencyExpiryAttribute = "expiration"
)

// idempotencyActions are the only item actions the persistence layer uses.
var idempotencyActions = []string{"dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"}

// IdempotencyOptions wire the Powertools idempotency utility
// (@idempotent, @idempotent_function) to its DynamoDB table. The function
// gets the table's name in IdempotencyTableSetting and may call GetItem,
// PutItem, UpdateItem and DeleteItem on it, nothing else.
type IdempotencyOptions struct {
	// Table holds the idempotency records: yours, a Table or a TableV2.
	// When it is a table this app defines, it is checked at synth: its
	// partition key is "id", a string, and its time to live attribute is
	// "expiration", as DynamoDBPersistenceLayer expects by default. (For a
	// table with other attributes, set key_attr and expiry_attr in the
	// handler, and import the table, e.g. awsdynamodb.TableV2_FromTableName,
	// which is not checked.)
	// Default: a table pylambda creates, the child "IdempotencyTable":
	// partition key "id" (string), time to live on "expiration", on-demand
	// billing, point-in-time recovery, encrypted with EncryptionKey, kept
	// on delete (RemovalPolicy).
	Table awsdynamodb.ITable
	// EncryptionKey encrypts the table pylambda creates; the function may
	// use it.
	// Default: the AWS managed key of DynamoDB (aws/dynamodb).
	EncryptionKey awskms.IKey
	// RemovalPolicy applies to the table pylambda creates when it leaves the
	// stack.
	// Default: awscdk.RemovalPolicy_RETAIN: records of requests in flight
	// survive a replacement, and nothing is lost by accident.
	RemovalPolicy awscdk.RemovalPolicy
}

// idempotency is the Idempotency feature, read from the props.
type idempotency struct {
	opts IdempotencyOptions
	// What the caller's table is, when this app defines it.
	readable     bool
	partitionKey [2]string // name, type ("S", "N", "B")
	sortKey      [2]string
	ttl          string // the time to live attribute, "" for none
	ttlEnabled   bool
	table        awsdynamodb.ITable // the table in use, once configured
}

// settings is the table's variable, with the name when it is known.
func (i *idempotency) settings() map[string]string {
	name := ""
	if t := i.opts.Table; t != nil {
		if n := t.TableName(); n != nil && !stackinfo.IsToken(*n) {
			name = *n
		}
	}
	return map[string]string{IdempotencyTableSetting: name}
}

// readIdempotency reads the caller's table, when there is one this app
// defines.
func readIdempotency(p *FunctionProps) feature {
	i := &idempotency{opts: *p.Idempotency}
	if i.opts.Table == nil {
		return i
	}
	props, ok := cfnPropertiesOf(i.opts.Table)
	if !ok {
		return i
	}
	i.readable = true
	types := map[string]string{}
	if defs, ok := props["attributeDefinitions"].([]any); ok {
		for _, d := range defs {
			name, _ := propAt(d, "attributeName").(string)
			typ, _ := propAt(d, "attributeType").(string)
			types[name] = typ
		}
	}
	if keys, ok := props["keySchema"].([]any); ok {
		for _, k := range keys {
			name, _ := propAt(k, "attributeName").(string)
			switch propAt(k, "keyType") {
			case "HASH":
				i.partitionKey = [2]string{name, types[name]}
			case "RANGE":
				i.sortKey = [2]string{name, types[name]}
			}
		}
	}
	i.ttl, _ = propAt(props, "timeToLiveSpecification", "attributeName").(string)
	i.ttlEnabled, _ = propAt(props, "timeToLiveSpecification", "enabled").(bool)
	if i.ttl != "" && propAt(props, "timeToLiveSpecification", "enabled") == nil {
		i.ttlEnabled = true // a global table's specification holds the attribute only
	}
	return i
}

func (i *idempotency) check(s *functionSpec, r *report) {
	checkSettingKeys(r, s, "Idempotency", IdempotencyTableSetting)
	o := i.opts
	if o.Table != nil {
		if o.EncryptionKey != nil {
			r.add("Idempotency.EncryptionKey", "applies only to the table pylambda creates, and Idempotency.Table brings your own", "encrypt your table itself, or remove Idempotency.Table")
		}
		if o.RemovalPolicy != "" {
			r.add("Idempotency.RemovalPolicy", "applies only to the table pylambda creates, and Idempotency.Table brings your own", "set the removal policy on your table itself, or remove Idempotency.Table")
		}
	}
	if !i.readable {
		return
	}
	fix := fmt.Sprintf("create it with PartitionKey {Name: %q, Type: STRING} and TimeToLiveAttribute %q, or leave Idempotency.Table unset for the table pylambda creates",
		IdempotencyKeyAttribute, IdempotencyExpiryAttribute)
	if pk := i.partitionKey; pk[0] != IdempotencyKeyAttribute || pk[1] != "S" {
		r.add("Idempotency.Table", fmt.Sprintf("has partition key %s, and Powertools' DynamoDBPersistenceLayer writes its records under a string partition key %q", describeKey(pk), IdempotencyKeyAttribute), fix)
	}
	if sk := i.sortKey; sk[0] != "" && sk[1] != "S" {
		r.add("Idempotency.Table", fmt.Sprintf("has sort key %s; DynamoDBPersistenceLayer (with sort_key_attr) writes a string there", describeKey(sk)), fix)
	}
	switch {
	case i.ttl == "":
		r.add("Idempotency.Table", fmt.Sprintf("has no time to live: idempotency records would never expire, and DynamoDBPersistenceLayer writes their expiry to %q", IdempotencyExpiryAttribute), fix)
	case i.ttl != IdempotencyExpiryAttribute:
		r.add("Idempotency.Table", fmt.Sprintf("expires items by %q, and DynamoDBPersistenceLayer writes their expiry to %q: records would never expire", i.ttl, IdempotencyExpiryAttribute), fix)
	case !i.ttlEnabled:
		r.add("Idempotency.Table", fmt.Sprintf("has its time to live on %q turned off: records would never expire", i.ttl), fix)
	}
}

func describeKey(k [2]string) string {
	if k[0] == "" {
		return "(none readable)"
	}
	typ, ok := map[string]string{"S": "string", "N": "number", "B": "binary"}[k[1]]
	if !ok {
		typ = "of a type not known at synth"
	}
	return fmt.Sprintf("%q (%s)", k[0], typ)
}

// configure creates the table, unless the caller brings one, and hands
// its name to the function.
func (i *idempotency) configure(b *functionBuild) {
	i.table = i.opts.Table
	if i.table == nil {
		encryption := awsdynamodb.TableEncryptionV2_AwsManagedKey()
		if i.opts.EncryptionKey != nil {
			encryption = awsdynamodb.TableEncryptionV2_CustomerManagedKey(i.opts.EncryptionKey, nil)
		}
		removal := i.opts.RemovalPolicy
		if removal == "" {
			removal = awscdk.RemovalPolicy_RETAIN
		}
		i.table = awsdynamodb.NewTableV2(b.node, jsii.String("IdempotencyTable"), &awsdynamodb.TablePropsV2{
			PartitionKey:        &awsdynamodb.Attribute{Name: jsii.String(IdempotencyKeyAttribute), Type: awsdynamodb.AttributeType_STRING},
			TimeToLiveAttribute: jsii.String(IdempotencyExpiryAttribute),
			Billing:             awsdynamodb.Billing_OnDemand(nil),
			PointInTimeRecoverySpecification: &awsdynamodb.PointInTimeRecoverySpecification{
				PointInTimeRecoveryEnabled: jsii.Bool(true),
			},
			Encryption:    encryption,
			RemovalPolicy: removal,
		})
	}
	b.out.idempotencyTable = i.table
	b.setting(IdempotencyTableSetting, *i.table.TableName())
}

// attach grants the four item actions, and the use of the table's
// customer managed key when it has one.
func (i *idempotency) attach(b *functionBuild) {
	i.table.Grant(b.out.fn, *jsii.Strings(idempotencyActions...)...)
	if key := i.table.EncryptionKey(); key != nil {
		key.GrantEncryptDecrypt(b.out.fn)
	}
}

func (f *function) IdempotencyTable() awsdynamodb.ITable { return f.idempotencyTable }
