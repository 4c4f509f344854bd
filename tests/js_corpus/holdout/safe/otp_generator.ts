import { randomInt } from 'crypto';

export function generateOtp(digits = 6): string {
  let code = '';
  for (let i = 0; i < digits; i++) {
    code += randomInt(10);
  }
  return code;
}

export async function sendLoginCode(user: { phone: string }) {
  const otp = generateOtp();
  await sms.send(user.phone, `Your login code is ${otp}`);
  return otp;
}
