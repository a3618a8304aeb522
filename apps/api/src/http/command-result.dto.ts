import { ApiProperty } from '@nestjs/swagger';

export class CommandResultDto {
  @ApiProperty({ description: '新建或修改的对象编号' })
  id!: string;
  @ApiProperty({ description: '对象事件流的版本号（即 ETag，修改时放入 If-Match）' })
  revision!: number;
  @ApiProperty({ description: '写入的全局事件位置' })
  position!: number;
}
