// Checks mqscope's live output against what the clients themselves sent and received.
//
//   node compare.mjs --fields MQSCOPE.tsv (--events CLIENTS.json | --mosquitto LOG ...)
//                    [--ws-frames split|whole] [--deflate FRAMES.json]
//
// MQSCOPE.tsv is `mqscope -T fields -E header=y -E aggregator='|'` with the columns of
// fieldColumns below. Each client's connection is found by the client id of its CONNECT;
// then the packets mqscope decoded in each direction must be the client's own record of the
// packets it sent and received, in order, field by field (type, packet id, topics, QoS,
// retain, payload, client id).
//
// --ws-frames split: some packets of every client came in several WebSocket frames (at least
// the CONNECT); whole: every packet came in one.
// --deflate: the connection negotiated permessage-deflate and the server compressed its
// messages (RFC 7692). FRAMES.json is `mqscope -T json` of the capture: the server's direction
// must hold compressed frames (RSV1), so that the packets compared were inflated by mqscope.
import fs from 'node:fs'
import { parseArgs } from 'node:util'

export const fieldColumns = ['frame.number', 'tcp.stream', 'tcp.srcport', 'tcp.dstport', 'mqtt.msgtype', 'mqtt.msgid',
  'mqtt.topic', 'mqtt.clientid', 'mqtt.qos', 'mqtt.retain', 'mqtt.msg', 'mqscope.ws_frame_count', 'mqtt.ver']

const types = ['reserved', 'connect', 'connack', 'publish', 'puback', 'pubrec', 'pubrel', 'pubcomp',
  'subscribe', 'suback', 'unsubscribe', 'unsuback', 'pingreq', 'pingresp', 'disconnect', 'auth']

const problems = []
const problem = (text) => problems.push(text)

// What identifies a packet across the two accounts: the fields of its type that are on the
// wire and that the client's account has (mosquitto's log leaves out payloads and some ids).
function key (packet, account = packet) {
  const { cmd, messageId, topics, clientId, qos, retain, payload, protocolVersion } = packet
  const parts = [cmd]
  const has = (name) => account[name] !== undefined
  if (has('messageId')) parts.push(`id=${messageId}`)
  if (cmd === 'publish') parts.push(`topic=${topics.join('|')}`, `qos=${qos}`, `retain=${retain ? 1 : 0}`)
  if (cmd === 'publish' && has('payload')) parts.push(`payload=${payload}`)
  if (cmd === 'subscribe' || cmd === 'unsubscribe') parts.push(`topics=${topics.join('|')}`)
  if (cmd === 'connect') parts.push(`client=${clientId}`)
  if (cmd === 'connect' && has('protocolVersion')) parts.push(`version=${protocolVersion}`)
  return parts.join(' ')
}

function readFields (file) {
  const [header, ...lines] = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0)
  const columns = header.split('\t')
  for (const c of fieldColumns) if (!columns.includes(c)) throw new Error(`${file}: no column ${c}`)
  return lines.map((line) => {
    const cells = line.split('\t')
    const at = (name) => cells[columns.indexOf(name)] ?? ''
    const topic = at('mqtt.topic')
    return {
      frame: Number(at('frame.number')),
      stream: at('tcp.stream'),
      srcport: at('tcp.srcport'),
      dstport: at('tcp.dstport'),
      cmd: types[Number(at('mqtt.msgtype'))] ?? `type ${at('mqtt.msgtype')}`,
      messageId: at('mqtt.msgid') === '' ? undefined : Number(at('mqtt.msgid')),
      topics: topic === '' ? [] : topic.split('|'),
      clientId: at('mqtt.clientid'),
      qos: at('mqtt.qos') === '' ? undefined : Number(at('mqtt.qos')),
      retain: at('mqtt.retain') === '1',
      payload: at('mqtt.msg'),
      wsFrames: Number(at('mqscope.ws_frame_count') || 0),
      protocolVersion: at('mqtt.ver') === '' ? undefined : Number(at('mqtt.ver'))
    }
  })
}

function fromMqttJs (record) {
  return { ...record, topics: record.topics ?? (record.topic !== undefined ? [record.topic] : []) }
}

// mosquitto_pub/mosquitto_sub -d: "Client ID sending PUBLISH (d0, q1, r0, m1, 'topic', ...)".
// One SUBSCRIBE with several topics is logged as one line per topic with the same Mid.
// `spec` is FILE:VERSION, the protocol level the client was told to use (4 = 3.1.1, 5).
function readMosquittoLog (spec) {
  const [file, version] = spec.split(':')
  const clients = new Map()
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const m = /^Client (\S+) (sending|received) ([A-Z]+)(?: \((.*)\))?$/.exec(line)
    if (!m) continue
    const [, id, verb, name, detail = ''] = m
    const record = { direction: verb === 'sending' ? 'send' : 'receive', cmd: name.toLowerCase(), topics: [] }
    const mid = /(?:Mid: |^m)(\d+)/.exec(detail)
    if (mid) record.messageId = Number(mid[1])
    const topic = /Topic: (.*?), QoS/.exec(detail)
    if (topic) record.topics = [topic[1]]
    if (record.cmd === 'connect') Object.assign(record, { clientId: id, protocolVersion: Number(version) })
    if (record.cmd === 'publish') {
      const p = /^d(\d), q(\d), r(\d), m(\d+), '(.*)', \.\.\. \(\d+ bytes\)$/.exec(detail)
      if (!p) throw new Error(`${file}: cannot read "${line}"`)
      Object.assign(record, { qos: Number(p[2]), retain: p[3] === '1', topics: [p[5]], messageId: Number(p[4]) })
      if (record.qos === 0) delete record.messageId
    }
    if (!clients.has(id)) clients.set(id, [])
    const packets = clients.get(id)
    const last = packets[packets.length - 1]
    if (record.cmd === 'subscribe' && last?.cmd === 'subscribe' && last.messageId === record.messageId) {
      last.topics.push(...record.topics)
    } else {
      packets.push(record)
    }
  }
  return [...clients].map(([clientId, packets]) => ({ clientId, packets }))
}

function compareSequence (label, expected, actual) {
  const n = Math.max(expected.length, actual.length)
  for (let i = 0; i < n; ++i) {
    const account = expected[i] ?? actual[i]
    const want = expected[i] ? key(expected[i]) : 'nothing'
    const got = actual[i] ? key(actual[i], account) : 'nothing'
    if (want === got) continue
    problem(`${label}, packet ${i + 1}: the client has [${want}], mqscope shows [${got}]` +
      (actual[i] ? ` in frame ${actual[i].frame}` : ''))
    return false
  }
  return true
}

// The frames of one direction that carry a compressed WebSocket message (RSV1, RFC 7692 §6).
function compressedFrames (frames, stream, srcport) {
  const numbers = []
  for (const record of frames) {
    const layers = record._source.layers
    if (String(layers.tcp?.['tcp.stream']) !== stream || String(layers.tcp?.['tcp.srcport']) !== srcport) continue
    if ((layers.websocket ?? []).some((ws) => (ws['websocket.rsv'] & 4) !== 0)) numbers.push(layers.frame['frame.number'])
  }
  return numbers
}

function checkDirection (label, expected, actual) {
  if (compareSequence(label, expected, actual)) console.log(`${label}: ${expected.length} packets, all decoded`)
}

function checkCompressed (label, frames, stream, srcport) {
  const compressed = compressedFrames(frames, stream, srcport)
  if (compressed.length === 0) problem(`${label}: no compressed WebSocket message was seen`)
  else console.log(`${label}: ${compressed.length} frames with compressed messages, inflated`)
}

function checkWsFrames (clientId, rows, mode) {
  if (mode === 'whole') {
    const split = rows.filter((r) => r.wsFrames !== 1)
    if (split.length) problem(`${clientId}: frames ${split.map((r) => r.frame).join(', ')} came in several WebSocket frames, expected one each`)
  } else if (mode === 'split') {
    const connect = rows.find((r) => r.cmd === 'connect')
    if (!connect || connect.wsFrames < 2) problem(`${clientId}: the CONNECT was not split over WebSocket frames`)
    const most = Math.max(...rows.map((r) => r.wsFrames))
    console.log(`${clientId}: ${rows.filter((r) => r.wsFrames > 1).length} of ${rows.length} packets split, up to ${most} WebSocket frames each`)
  }
}

function checkClient ({ clientId, packets }, rows, options) {
  const connect = rows.find((r) => r.cmd === 'connect' && r.clientId === clientId)
  if (!connect) return problem(`${clientId}: mqscope shows no CONNECT with this client id`)
  const mine = rows.filter((r) => r.stream === connect.stream)
  const sent = packets.filter((p) => p.direction === 'send').map(fromMqttJs)
  const received = packets.filter((p) => p.direction === 'receive').map(fromMqttJs)
  const toServer = mine.filter((r) => r.srcport === connect.srcport)
  const fromServer = mine.filter((r) => r.srcport === connect.dstport)
  checkDirection(`${clientId} sent`, sent, toServer)
  checkDirection(`${clientId} received`, received, fromServer)
  if (options.deflate) checkCompressed(`${clientId} received`, options.deflate, connect.stream, connect.dstport)
  if (options.wsFrames) checkWsFrames(clientId, mine, options.wsFrames)
}

function loadDeflate (framesFile, events) {
  const frames = JSON.parse(fs.readFileSync(framesFile, 'utf8'))
  for (const client of events.clients) {
    if (!/permessage-deflate/.test(client.extensions ?? '')) problem(`${client.clientId}: permessage-deflate was not negotiated (${client.extensions})`)
  }
  return frames
}

function main () {
  const { values } = parseArgs({
    options: {
      fields: { type: 'string' },
      events: { type: 'string' },
      mosquitto: { type: 'string', multiple: true },
      'ws-frames': { type: 'string' },
      deflate: { type: 'string' }
    }
  })
  const rows = readFields(values.fields)
  const clients = []
  let events
  if (values.events) {
    events = JSON.parse(fs.readFileSync(values.events, 'utf8'))
    clients.push(...events.clients)
  }
  for (const log of values.mosquitto ?? []) clients.push(...readMosquittoLog(log))
  if (clients.length === 0) problem('no client record to compare with')
  const options = { wsFrames: values['ws-frames'], deflate: values.deflate ? loadDeflate(values.deflate, events) : undefined }
  for (const client of clients) checkClient(client, rows, options)
  if (problems.length) {
    for (const p of problems) console.log(`FAIL: ${p}`)
    process.exit(1)
  }
  console.log(`${clients.length} clients: every packet they sent and received is in mqscope's output`)
}

main()
