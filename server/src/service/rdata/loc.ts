// LOC (RFC 1876): latitude, longitude, altitude, size and precisions, printed as BIND prints
// them (sizes rounded down to the one-digit mantissa the wire form keeps).
import type { RdataField, Token } from '../zone/types';
import type { RdataType } from './types';
import { RdataReader, decimalValue, stringOf } from './fieldReader';

const LAYOUT = 'LOC <d1> [<m1> [<s1>]] <N|S> <d2> [<m2> [<s2>]] <E|W> <altitude>[m] [<size>[m] [<horizontal precision>[m] [<vertical precision>[m]]]]';

/** Hundredths (or thousandths) of a decimal written as digits[.digits], or -1. */
function scaledDecimal(text: string, decimals: number): number {
  const dot = text.indexOf('.');
  const whole = dot < 0 ? text : text.slice(0, dot);
  const fraction = dot < 0 ? '' : text.slice(dot + 1);
  if (whole.length === 0 || fraction.length > decimals || (dot >= 0 && fraction.length === 0)) return -1;
  const w = decimalValue(whole);
  const f = fraction.length ? decimalValue(fraction) : 0;
  if (w < 0 || f < 0) return -1;
  return w * 10 ** decimals + f * 10 ** (decimals - fraction.length);
}

/** Reads degrees [minutes [seconds]] and the hemisphere letter; returns signed milliseconds of arc. */
function readCoordinate(reader: RdataReader, maxDegrees: number, hemispheres: [string, string], label: string): number | undefined {
  const degreesToken = reader.nextWord(`${label} degrees`);
  if (!degreesToken) return undefined;
  const degrees = decimalValue(degreesToken.text);
  if (degrees < 0 || degrees > maxDegrees) {
    return reader.fieldFault(degreesToken, `'${degreesToken.text}' is not valid ${label} degrees: write 0 to ${maxDegrees}.`);
  }
  let minutes = 0;
  let millis = 0;
  let token: Token | undefined = reader.nextWord(`${label} hemisphere (${hemispheres.join(' or ')})`);
  if (!token) return undefined;
  if (token.text !== hemispheres[0] && token.text !== hemispheres[1]) {
    minutes = decimalValue(token.text);
    if (minutes < 0 || minutes > 59) return reader.fieldFault(token, `'${token.text}' is not valid ${label} minutes: write 0 to 59, then ${hemispheres.join(' or ')}.`);
    token = reader.nextWord(`${label} hemisphere (${hemispheres.join(' or ')})`);
    if (!token) return undefined;
    if (token.text !== hemispheres[0] && token.text !== hemispheres[1]) {
      millis = scaledDecimal(token.text, 3);
      if (millis < 0 || millis >= 60000) return reader.fieldFault(token, `'${token.text}' is not valid ${label} seconds: write 0 to 59.999 (at most three decimals), then ${hemispheres.join(' or ')}.`);
      token = reader.nextWord(`${label} hemisphere (${hemispheres.join(' or ')})`);
      if (!token) return undefined;
    }
  }
  if (token.text !== hemispheres[0] && token.text !== hemispheres[1]) {
    return reader.fieldFault(token, `'${token.text}' is not a ${label} hemisphere: write ${hemispheres[0]} or ${hemispheres[1]} (upper case).`);
  }
  const total = ((degrees * 60 + minutes) * 60) * 1000 + millis;
  if (total > maxDegrees * 3600000) return reader.fieldFault(degreesToken, `The ${label} is beyond ${maxDegrees} degrees.`);
  return token.text === hemispheres[0] ? total : -total;
}

function printCoordinate(value: number, hemispheres: [string, string]): string {
  const abs = Math.abs(value);
  const degrees = Math.floor(abs / 3600000);
  const minutes = Math.floor((abs % 3600000) / 60000);
  const millis = abs % 60000;
  const seconds = `${Math.floor(millis / 1000)}.${String(millis % 1000).padStart(3, '0')}`;
  return `${degrees} ${minutes} ${seconds} ${value < 0 ? hemispheres[1] : hemispheres[0]}`;
}

/** Centimetres of a length written meters[.cc][m], or -1. */
function lengthCm(text: string, allowNegative: boolean): number {
  let t = text.endsWith('m') ? text.slice(0, -1) : text;
  let sign = 1;
  if (allowNegative && t.startsWith('-')) {
    sign = -1;
    t = t.slice(1);
  }
  const cm = scaledDecimal(t, 2);
  return cm < 0 ? Number.NaN : sign * cm;
}

/** The one-digit mantissa and exponent the wire form keeps of a size in centimetres. */
function printSize(cm: number): string {
  let exponent = 0;
  while (exponent < 9 && cm >= 10 ** (exponent + 1)) exponent++;
  const mantissa = Math.floor(cm / 10 ** exponent);
  if (exponent >= 2) return `${mantissa * 10 ** (exponent - 2)}m`;
  return `0.${String(mantissa * 10 ** exponent).padStart(2, '0')}m`;
}

const MAX_ALTITUDE_CM = 4284967295;
const MIN_ALTITUDE_CM = -10000000;
const MAX_SIZE_CM = 9000000000;

export const LOC: RdataType = {
  type: 'LOC',
  parse(tokens, ctx) {
    const reader = new RdataReader(tokens, ctx, LAYOUT);
    const latitude = readCoordinate(reader, 90, ['N', 'S'], 'latitude');
    if (latitude === undefined) return undefined;
    const longitude = readCoordinate(reader, 180, ['E', 'W'], 'longitude');
    if (longitude === undefined) return undefined;
    const altitudeToken = reader.nextWord('altitude');
    if (!altitudeToken) return undefined;
    const altitude = lengthCm(altitudeToken.text, true);
    if (Number.isNaN(altitude)) return reader.fieldFault(altitudeToken, `'${altitudeToken.text}' is not a valid altitude: write meters with at most two decimals, e.g. 10m or -2.50m.`);
    if (altitude < MIN_ALTITUDE_CM || altitude > MAX_ALTITUDE_CM) return reader.fieldFault(altitudeToken, `'${altitudeToken.text}' is out of range for the altitude: write -100000.00m to 42849672.95m.`);
    const sizes = [100, 1000000, 1000];
    const labels = ['size', 'horizontal precision', 'vertical precision'];
    for (let i = 0; i < 3 && !reader.done; i++) {
      const token = reader.nextWord(labels[i])!;
      const cm = lengthCm(token.text, false);
      if (Number.isNaN(cm)) {
        reader.fieldFault(token, `'${token.text}' is not a valid ${labels[i]}: write meters with at most two decimals, e.g. 10m.`);
        continue;
      }
      if (cm > MAX_SIZE_CM) {
        reader.fieldFault(token, `'${token.text}' is out of range for the ${labels[i]}: at most 90000000m.`);
        continue;
      }
      sizes[i] = cm;
    }
    if (!reader.finish()) return undefined;
    const absAltitude = Math.abs(altitude);
    const altitudeText = `${altitude < 0 ? '-' : ''}${Math.floor(absAltitude / 100)}.${String(absAltitude % 100).padStart(2, '0')}m`;
    const value = `${printCoordinate(latitude, ['N', 'S'])} ${printCoordinate(longitude, ['E', 'W'])} ${altitudeText} ${sizes.map(printSize).join(' ')}`;
    const field: RdataField = { name: 'location', value, start: tokens[0].start, end: tokens[tokens.length - 1].end };
    return [field];
  },
  print(fields) {
    return stringOf(fields[0]);
  },
};
